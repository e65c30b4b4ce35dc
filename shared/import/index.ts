import { hasErrors, type Message, type Problem, problem } from '../problem.ts';
import { PlanFile } from '../schema/index.ts';
import { assemblePlan, type ReadTables, sameYear } from './assemble.ts';
import { checkPlan } from './checks.ts';
import { type GoalTable, readGoalTable } from './goal-table.ts';
import { decodeCsv, isZip, parseCsv, readXlsxGrids, type TextGrid } from './grid.ts';
import { type ProjectTable, readProjectTable } from './project-table.ts';
import { findRegions } from './regions.ts';
import { type CellUse, ImportLog, ImportSheet } from './sheet.ts';
import { type ImportSummary, summarize } from './summary.ts';

/**
 * Import of last year's official tables (xlsx or CSV): the project table (事業の実績) and the goal
 * table (数値目標の進捗状況), in the layout this project exports and in the published variants
 * (docs/domain.md §8–§9), into one plan file. Every non-empty cell lands in the plan or is named by a
 * problem with its address; with any error there is no plan unless a partial one is accepted.
 */

export interface ImportOptions {
  /** The id of the plan to create (default 'imported'). */
  planId?: string;
  /** The plan's title, which the project table does not print (default: the goal table's, else a placeholder). */
  title?: string;
  /** Give the plan read even when some cells could not be read or kept (they stay in `problems`). */
  acceptPartial?: boolean;
}

export interface ImportResult {
  /** Null when nothing could be built, or when there are errors and no partial result was accepted. */
  plan: PlanFile | null;
  problems: Problem[];
  summary: ImportSummary;
  /** Where every cell read went (a path into the plan, `layout`, `derived` or `problem`). */
  cells: CellUse[];
  /** Some cells were not read or cannot be kept: the plan, if given, is partial. */
  partial: boolean;
}

const EMPTY = summarize(null, [], 0);

function failure(code: string, message: Message): ImportResult {
  const problems = [problem(`import.${code}`, '', message)];
  return { plan: null, problems, summary: { ...EMPTY, errors: 1 }, cells: [], partial: true };
}

async function gridsOf(data: Uint8Array): Promise<TextGrid[] | ImportResult> {
  if (isZip(data)) {
    const grids = await readXlsxGrids(data);
    return (
      grids ??
      failure('xlsx', {
        ja: 'xlsxファイルとして開けません。',
        en: 'The file cannot be opened as an xlsx workbook.',
      })
    );
  }
  const text = decodeCsv(data);
  if (text === null)
    return failure('encoding', {
      ja: 'CSVの文字コードを読み取れません。UTF-8で保存してください。',
      en: 'Cannot decode the CSV: save it as UTF-8.',
    });
  const rows = parseCsv(text);
  if (!rows)
    return failure('csv', {
      ja: 'CSVの引用符（"）が閉じていません。ファイルが途中で切れていないか確認してください。',
      en: 'A quoted CSV field is not closed: the file may be cut off.',
    });
  return [{ sheet: '', rows }];
}

function readTables(sheets: ImportSheet[]): ReadTables {
  const projects: ProjectTable[] = [];
  const goals: GoalTable[] = [];
  let year: number | undefined;
  for (const sheet of sheets) {
    for (const region of findRegions(sheet)) {
      const table =
        region.kind === 'projects'
          ? readProjectTable(sheet, region, year)
          : region.kind === 'goals'
            ? readGoalTable(sheet, region, year)
            : null;
      year ??= table?.fiscalYear;
      if (table && 'blocks' in table) projects.push(table);
      else if (table) goals.push(table);
    }
  }
  return { projects, goals };
}

const hasTables = (sheets: ImportSheet[]) =>
  sheets.some((s) => findRegions(s).some((r) => r.kind !== 'other'));

/** The plan as the schema reads it; its issues as problems when it cannot (a bug of the reader, or data beyond limits). */
function parsePlan(plan: unknown, log: ImportLog): PlanFile | null {
  const parsed = PlanFile.safeParse(plan);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const at = issue.path.join('.');
    log.problems.push(
      problem('import.schema', at, {
        ja: `読み込んだ内容が交換形式に合いません（${at}）: ${issue.message}`,
        en: `The imported content does not fit the interchange format (${at}): ${issue.message}`,
      }),
    );
  }
  return null;
}

export async function importTables(data: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const grids = await gridsOf(data);
  if (!Array.isArray(grids)) return grids;
  const log = new ImportLog();
  const sheets = grids.map((g) => new ImportSheet(g, log));
  if (!hasTables(sheets)) {
    return failure('no_projects', {
      ja: '事業も基本的目標も見つかりません（「計画期間」または「基本的目標」で始まる行がありません）。進捗状況の事業表か数値目標の表を読み込んでください。',
      en: 'No project and no goal found (no row starts with 計画期間 or 基本的目標). Import a 進捗状況 project table or a goal table.',
    });
  }
  const read = sameYear(readTables(sheets));
  let plan: PlanFile | null = null;
  if (read.projects.length + read.goals.length > 0) {
    const built = assemblePlan(read, { id: options.planId ?? 'imported', title: options.title });
    checkPlan(built, read, log);
    plan = parsePlan(built, log);
  }
  for (const sheet of sheets) sheet.reportUnread();
  const partial = hasErrors(log.problems) || plan === null;
  const cells = sheets.reduce((n, s) => n + s.cellCount(), 0);
  const given = partial && !options.acceptPartial ? null : plan;
  return {
    plan: given,
    problems: log.problems,
    summary: summarize(plan, log.problems, cells),
    cells: log.uses,
    partial,
  };
}

export { resolvePath } from './paths.ts';
export type { CellUse } from './sheet.ts';
export { type ImportSummary, summaryLine } from './summary.ts';
export { importTables as importProjectTable };

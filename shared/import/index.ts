import { hasErrors, type Message, type Problem, problem } from '../problem.ts';
import { PlanFile } from '../schema/index.ts';
import { assemblePlan, type ReadTables, sameYear } from './assemble.ts';
import { readBudgetTable } from './budget-table.ts';
import { checkPlan } from './checks.ts';
import { DepartmentIds } from './departments.ts';
import { readGoalTable } from './goal-table.ts';
import { decodeCsv, isZip, parseCsv, readXlsxGrids, type TextGrid } from './grid.ts';
import { IdentityIndex, parseIdentityXml } from './identity.ts';
import { readProjectTable } from './project-table.ts';
import { findRegions } from './regions.ts';
import { readRevisionTable } from './revision-table.ts';
import { type CellUse, ImportLog, ImportSheet } from './sheet.ts';
import { type ImportSummary, summarize } from './summary.ts';
import { readZipTexts } from './zip-read.ts';

/**
 * Import of last year's official tables (xlsx or CSV): the project table (事業の実績) and the goal
 * table (数値目標の進捗状況), in the layout this project exports and in the published variants
 * (docs/domain.md §8–§9), into one plan file. Every non-empty cell lands in the plan or is named by a
 * problem with its address; with any error there is no plan unless a partial one is accepted.
 */

export interface ImportOptions {
  /** The id of the plan to create (default: the one an xlsx of ours carries, else 'imported'). */
  planId?: string;
  /** The plan's title, which the project table does not print (default: as another table prints it, else a placeholder). */
  title?: string;
  /**
   * Department name → id, for departments that exist already (the worker's departments table, the
   * CLI's `--departments` file). A name not in it takes the id an xlsx of ours carries, else one
   * derived from the name (`d-` and 12 hex digits of its hash: the same name, the same id).
   */
  departmentIds?: Readonly<Record<string, string>>;
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
  const read: ReadTables = { projects: [], goals: [], revisions: [], budgets: [] };
  let year: number | undefined;
  for (const sheet of sheets) {
    for (const region of findRegions(sheet)) {
      if (region.kind === 'projects') {
        const table = readProjectTable(sheet, region, year);
        year ??= table?.fiscalYear;
        if (table) read.projects.push(table);
      } else if (region.kind === 'goals') {
        const table = readGoalTable(sheet, region, year);
        year ??= table?.fiscalYear;
        if (table) read.goals.push(table);
      } else if (region.kind === 'revision') {
        const table = readRevisionTable(sheet, region);
        if (table) read.revisions.push(table);
      } else if (region.kind === 'budget') read.budgets.push(readBudgetTable(sheet, region));
    }
  }
  return read;
}

/** The identity an xlsx of ours carries in a custom XML part; null for any other file. */
async function identityIn(data: Uint8Array): Promise<IdentityIndex | null> {
  const parts = await readZipTexts(data, (name) => /^customXml\/item\d+\.xml$/u.test(name));
  for (const part of parts) {
    const identity = parseIdentityXml(part.text);
    if (identity) return new IdentityIndex(identity);
  }
  return null;
}

function reportDepartmentIds(log: ImportLog, invalid: { name: string; id: string }[]): void {
  for (const { name, id } of invalid)
    log.problems.push(
      problem(
        'import.department_id',
        'departmentIds',
        {
          ja: `担当課「${name}」のID「${id}」は使えません（英数字と「_」「.」「-」、64文字まで）。名前から導いたIDにします。`,
          en: `The id "${id}" given for the department "${name}" is not usable (letters, digits, "_", "." or "-", at most 64): the id derived from the name is used.`,
        },
        { severity: 'warning' },
      ),
    );
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
  const identity = isZip(data) ? await identityIn(data) : null;
  const log = new ImportLog(identity);
  const sheets = grids.map((g) => new ImportSheet(g, log));
  if (!hasTables(sheets)) {
    return failure('no_projects', {
      ja: '事業も基本的目標も見つかりません（「計画期間」「基本的目標」で始まる行も、新旧対照表や予算の表もありません）。進捗状況の事業表、数値目標の表、新旧対照表か予算の表を読み込んでください。',
      en: 'No project and no goal found (no row starts with 計画期間 or 基本的目標, and there is no 新旧対照表 or budget table). Import a 進捗状況 project table, a goal table, a 新旧対照表 or a budget table.',
    });
  }
  const read = sameYear(readTables(sheets));
  let plan: PlanFile | null = null;
  reportDepartmentIds(log, new DepartmentIds(options.departmentIds).invalid);
  const tables = read.projects.length + read.goals.length + read.revisions.length + read.budgets.length;
  if (tables > 0) {
    const built = assemblePlan(read, {
      id: options.planId,
      title: options.title,
      departmentIds: options.departmentIds,
      identity,
      log,
    });
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

import { parseAchievementCell } from '../calc/achievement-cell.ts';
import { parsePeriod } from '../notation/index.ts';
import { hasErrors, type Problem, problem } from '../problem.ts';
import { type Cycle, type Department, PLAN_FORMAT, PlanFile } from '../schema/index.ts';
import { layoutBlock } from '../tables/grid.ts';
import { buildProjectTable } from '../tables/projects.ts';
import { CellReader } from './import-cells.ts';
import { parseCsv, readXlsxGrids, type TextGrid } from './import-grid.ts';
import { isBlockStart, type ParsedBlock, parseBlock } from './import-projects.ts';
import { SHEET_NAMES } from './layout.ts';

/**
 * Import of a 進捗状況 project table (xlsx or CSV, laid out as this project exports it) back into
 * the interchange format, so a city can start from last year's file. Every value is read with
 * shared/notation; whatever cannot be read is a Problem naming the cell. With any error the result
 * has no plan (never half a plan).
 */

export interface ImportOptions {
  /** The id of the plan to create (default 'imported'). */
  planId?: string;
}

export interface ImportResult {
  plan: PlanFile | null;
  problems: Problem[];
}

const fail = (code: string, ja: string, en: string): ImportResult => ({
  plan: null,
  problems: [problem(`import.${code}`, '', { ja, en })],
});

const isZip = (data: Uint8Array) =>
  data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

/** UTF-8 (with or without BOM); a Shift_JIS CSV as Excel saves it is read too where the runtime knows it. */
function decodeCsv(data: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    try {
      return new TextDecoder('shift_jis', { fatal: true, ignoreBOM: false }).decode(data);
    } catch {
      return null;
    }
  }
}

async function gridOf(data: Uint8Array): Promise<TextGrid | ImportResult> {
  if (isZip(data)) {
    const grids = await readXlsxGrids(data);
    if (!grids)
      return fail('xlsx', 'xlsxファイルとして開けません。', 'The file cannot be opened as an xlsx workbook.');
    const grid =
      grids.find((g) => g.sheet === SHEET_NAMES.projects) ??
      grids.find((g) => g.rows.some((r) => (r[0] ?? '').trim() === '計画期間'));
    if (!grid) {
      return fail(
        'no_sheet',
        `「${SHEET_NAMES.projects}」シートがなく、「計画期間」の行があるシートもありません。`,
        `There is no sheet named ${SHEET_NAMES.projects} and no sheet with a 計画期間 row.`,
      );
    }
    return grid;
  }
  const text = decodeCsv(data);
  if (text === null) {
    return fail(
      'encoding',
      'CSVの文字コードを読み取れません。UTF-8で保存してください。',
      'Cannot decode the CSV: save it as UTF-8.',
    );
  }
  const rows = parseCsv(text);
  if (!rows)
    return fail(
      'csv',
      'CSVの引用符（"）が閉じていません。ファイルが途中で切れていないか確認してください。',
      'A quoted CSV field is not closed: the file may be cut off.',
    );
  return { sheet: '', rows };
}

/** The cycle's fiscal year from `令和5年度末時点`, else from `令和5年度の主な取組` or `令和5年度当初値`. */
function fiscalYearOf(reader: CellReader, subtitle: string): number | null {
  const fromSubtitle = parsePeriod(subtitle);
  if (fromSubtitle) return fromSubtitle.endYear;
  for (let row = 0; row < reader.rowCount; row++) {
    const label = reader.text(row, 0);
    const found = label.endsWith('の主な取組')
      ? parsePeriod(label.replace(/の主な取組$/, ''))
      : label === 'KPI'
        ? parsePeriod(reader.text(row, 2).replace(/当初値$/, ''))
        : null;
    if (found) return found.startYear;
  }
  return null;
}

export async function importProjectTable(
  data: Uint8Array,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const grid = await gridOf(data);
  if (!('rows' in grid)) return grid;
  const reader = new CellReader(grid.sheet, grid.rows);
  if (!grid.rows.some((_, r) => isBlockStart(reader, r))) {
    return fail(
      'no_projects',
      '事業が見つかりません（「計画期間」で始まる行がありません）。進捗状況の事業表（shinchoku export --table projects の形）を読み込んでください。',
      'No project found (no row starts with 計画期間). Import a 進捗状況 project table, laid out as export --table projects writes it.',
    );
  }
  const first = Array.from({ length: reader.rowCount }, (_, r) => r).filter(
    (r) => reader.texts(r).length > 0,
  );
  const titleRow = first[0] ?? 0;
  const title = reader.texts(titleRow)[0]?.replace(/\s*事業の実績$/, '') ?? '';
  const subtitleRow = first[1];
  const subtitle =
    subtitleRow !== undefined &&
    reader.texts(subtitleRow).length === 1 &&
    !isBlockStart(reader, subtitleRow + 1)
      ? (reader.texts(subtitleRow)[0] ?? '')
      : '';
  const fiscalYear = fiscalYearOf(reader, subtitle);
  if (fiscalYear === null) {
    reader.report('fiscal_year', subtitleRow ?? 0, 0, 'cycle', {
      ja: '報告年度を読み取れません。表題の下に「令和5年度末時点」のように書いてください。',
      en: 'Cannot tell the report year: put a line such as 令和5年度末時点 under the title.',
    });
    return { plan: null, problems: reader.problems };
  }

  const blocks: ParsedBlock[] = [];
  for (let row = 0; row < reader.rowCount; ) {
    if (!isBlockStart(reader, row)) {
      row++;
      continue;
    }
    let heading = row - 1;
    while (heading >= 0 && reader.texts(heading).length === 0) heading--;
    const { block, next } = parseBlock(reader, heading, row, fiscalYear);
    if (block) {
      if (blocks.some((b) => b.project.number === block.project.number)) {
        reader.report('duplicate_project', heading, 0, 'heading', {
          ja: `事業番号 ${block.project.number} が重複しています。`,
          en: `Project number ${block.project.number} appears twice.`,
        });
      } else blocks.push(block);
    }
    row = Math.max(next, row + 1);
  }
  if (hasErrors(reader.problems)) return { plan: null, problems: reader.problems };

  const plan = assemble(blocks, {
    id: options.planId ?? 'imported',
    title: title || '（表題なし）',
    subtitle,
    fiscalYear,
  });
  const parsed = PlanFile.safeParse(plan);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      problem('import.schema', issue.path.join('.'), {
        ja: `読み込んだ内容が交換形式に合いません（${issue.path.join('.')}）: ${issue.message}`,
        en: `The imported content does not fit the interchange format (${issue.path.join('.')}): ${issue.message}`,
      }),
    );
    return { plan: null, problems: [...reader.problems, ...problems] };
  }
  crossCheckAchievements(parsed.data, blocks, reader);
  return { plan: parsed.data, problems: reader.problems };
}

function assemble(
  blocks: ParsedBlock[],
  head: { id: string; title: string; subtitle: string; fiscalYear: number },
): PlanFile {
  const names = [...new Set(blocks.flatMap((b) => b.departmentNames))];
  const departments: Department[] = names.map((name, i) => ({ id: `d${i + 1}`, name }));
  const idOf = new Map(departments.map((d) => [d.name, d.id]));
  const statusOf = new Map<string, ParsedBlock['status']>();
  for (const b of blocks) {
    b.project.departmentIds = b.departmentNames.map((n) => idOf.get(n) ?? '');
    const lead = b.project.departmentIds[0];
    if (lead && b.status !== null) statusOf.set(lead, b.status);
  }
  const cycle: Cycle = {
    fiscalYear: head.fiscalYear,
    ...(head.subtitle !== '' ? { label: head.subtitle } : {}),
    locked: false,
    actuals: blocks.flatMap((b) => b.actuals),
    activities: blocks
      .filter((b) => b.activities !== '')
      .map((b) => ({ projectId: b.project.id, text: b.activities })),
    // Published values were approved; a block the export marked 未確定 keeps the state it printed.
    submissions: departments.flatMap((d) => {
      const status = statusOf.get(d.id) ?? 'approved';
      return status === 'none' ? [] : [{ departmentId: d.id, status }];
    }),
  };
  const projects = blocks.map((b) => b.project);
  const starts = projects.map((p) => p.period.startFy);
  const ends = projects.map((p) => p.period.endFy);
  return {
    format: PLAN_FORMAT,
    plan: {
      id: head.id,
      title: head.title,
      period: { startFy: Math.min(head.fiscalYear, ...starts), endFy: Math.max(head.fiscalYear, ...ends) },
      version: 1,
    },
    departments,
    goals: [],
    projects,
    cycles: [cycle],
    budgets: [],
    previousVersions: [],
  };
}

/** The 達成度 is derived, not imported: a printed figure that the imported values do not give is a warning. */
function crossCheckAchievements(plan: PlanFile, blocks: ParsedBlock[], reader: CellReader): void {
  const model = buildProjectTable(plan, { includeStatuses: ['approved', 'submitted', 'draft', 'returned'] });
  const computed = new Map(
    model.blocks.flatMap((b) =>
      layoutBlock(b)
        .filter((p) => p.cell.ref?.field === 'achievement' && p.cell.ref.indicatorId)
        .map((p) => [p.cell.ref!.indicatorId!, p.cell.text] as const),
    ),
  );
  for (const { indicatorId, row, col, printed } of blocks.flatMap((b) => b.achievements)) {
    const want = computed.get(indicatorId);
    if (printed === '' || want === undefined) continue;
    const a = parseAchievementCell(printed);
    const b = parseAchievementCell(want);
    const same =
      a.kind === b.kind &&
      (a.kind !== 'value' || (b.kind === 'value' && a.percent.units === b.percent.units));
    if (!same && a.kind !== 'invalid') {
      reader.report(
        'achievement_mismatch',
        row,
        col,
        'achievement',
        {
          ja: `達成度「${printed}」は目標値と実績値から計算した「${want}」と一致しません（達成度は読み込まず計算し直します）。`,
          en: `The achievement "${printed}" differs from "${want}" computed from the target and actual (it is recomputed, not imported).`,
        },
        'warning',
      );
    }
  }
}

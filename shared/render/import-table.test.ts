import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import type { PlanFile } from '../schema/index.ts';
import { renderCsv } from '../tables/csv.ts';
import { buildProjectTable } from '../tables/projects.ts';
import type { TableModel } from '../tables/types.ts';
import { parseCsv } from './import-grid.ts';
import { importProjectTable } from './import-table.ts';
import { sheetDifferences } from './testing/expect-xlsx.ts';
import { readXlsx } from './testing/xlsx-reader.ts';
import { renderXlsx } from './xlsx.ts';

const plan = loadPlan('sendai-2023.plan.json');
const original = buildProjectTable(plan);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A model without its ids and refs (ids differ after import: the table does not print them). */
function printed(model: TableModel): unknown {
  return JSON.parse(
    JSON.stringify(model, (key, value) => (key === 'ref' || key === 'id' ? undefined : value)),
  );
}

async function imported(bytes: Uint8Array): Promise<PlanFile> {
  const result = await importProjectTable(bytes);
  expect(result.problems).toEqual([]);
  return result.plan!;
}

/** The CSV of the sample with one printed cell replaced. */
function csvWith(replace: string, by: string): Uint8Array {
  const csv = renderCsv(original);
  expect(csv).toContain(replace);
  return utf8(csv.replace(replace, by));
}

describe('import of a 進捗状況 project table', () => {
  it('round trip through xlsx: export → import → export gives the same table', async () => {
    const first = await renderXlsx([original]);
    const again = buildProjectTable(await imported(first));
    expect(printed(again)).toEqual(printed(original));
    const [sheet] = await readXlsx(await renderXlsx([again]));
    expect(sheetDifferences(sheet!, original)).toEqual([]);
  });

  it('round trip through CSV gives the same CSV, byte for byte', async () => {
    const csv = renderCsv(original);
    const again = buildProjectTable(await imported(utf8(csv)));
    expect(renderCsv(again)).toBe(csv);
    expect(printed(again)).toEqual(printed(original));
  });

  it('reads the values into the interchange format with shared/notation', async () => {
    const result = await imported(utf8(renderCsv(original)));
    expect(result.format).toBe('shinchoku/plan@1');
    // The project table prints the published 別紙2 title, not the plan's: the plan's title is asked for.
    const titled = await importProjectTable(utf8(renderCsv(original)), { title: plan.plan.title });
    expect(titled.plan!.plan.title).toBe(plan.plan.title);
    expect(result.cycles[0]).toMatchObject({ fiscalYear: 2023, label: '令和5年度末時点' });
    const p2 = result.projects[1]!;
    expect(p2).toMatchObject({
      number: 2,
      period: { startFy: 2023, endFy: 2025 },
      budget: { amount: '16878' },
    });
    expect(p2.indicators[3]).toMatchObject({
      unit: '%',
      baseline: { value: '100' },
      targets: [{ fiscalYear: 2023, value: '0' }],
    });
    const missing = result.cycles[0]!.actuals.find((a) => a.indicatorId === p2.indicators[3]!.id);
    expect(missing).toMatchObject({ value: null, marker: '(※)' });
    expect(missing!.missingReason).toMatch(/^仙台市地下鉄の前年度乗車人数/);
    expect(result.projects[0]!.indicators[1]).toMatchObject({
      name: '東北の魅力発信拠点等の累計利用者数',
      unit: '人',
    });
  });

  it('accepts the -%, —% and full-width placeholders of the published reports', async () => {
    for (const placeholder of ['-%', '—%', '－％']) {
      const result = await importProjectTable(csvWith(',(※),—%', `,(※),${placeholder}`));
      expect(result.problems).toEqual([]);
    }
  });

  it('names the cell and explains in Japanese and English what cannot be read', async () => {
    const result = await importProjectTable(csvWith(',"144,476",', ',"14x4,476",'));
    expect(result.plan).toBeNull();
    const [p] = result.problems;
    expect(p).toMatchObject({
      code: 'import.value',
      severity: 'error',
      path: 'E11',
      cell: { field: 'actual' },
    });
    expect(p!.message.ja).toMatch(/^E11: 「14x4,476」/);
    expect(p!.message.en).toMatch(/^E11: /);
  });

  it('warns when a printed 達成度 does not follow from the values, and recomputes it', async () => {
    const result = await importProjectTable(csvWith(',481.6%', ',400.0%'));
    expect(result.plan).not.toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      code: 'import.achievement_mismatch',
      severity: 'warning',
      path: 'F11',
    });
  });

  it('reports a wrong KPI header, a bad period and an unreadable achievement', async () => {
    const header = await importProjectTable(
      csvWith('KPI,指標,当初値,目標値(増分)', 'KPI,指標,目標値(増分),当初値'),
    );
    expect(header.problems[0]).toMatchObject({ code: 'import.kpi_header' });
    const period = await importProjectTable(csvWith('計画期間,令和5～7年度', '計画期間,そのうち'));
    expect(period.problems[0]).toMatchObject({ code: 'import.period', path: 'B7' });
    const ach = await importProjectTable(csvWith(',481.6%', ',たくさん'));
    expect(ach.problems[0]).toMatchObject({ code: 'import.achievement', path: 'F11' });
  });

  it('refuses a file that is no project table, with a message', async () => {
    const notTable = await importProjectTable(utf8('a,b\r\n1,2\r\n'));
    expect(notTable.plan).toBeNull();
    expect(notTable.problems.map((p) => p.code)).toEqual(['import.no_projects']);
    const cut = await importProjectTable(utf8('"open'));
    expect(cut.problems[0]!.code).toBe('import.csv');
    const broken = await importProjectTable(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(broken.problems[0]!.code).toBe('import.xlsx');
  });

  it('keeps a block the export marked 未確定 in the state it printed', async () => {
    const draft = structuredClone(plan);
    draft.cycles.find((c) => c.fiscalYear === 2023)!.submissions[1]!.status = 'draft';
    const csv = renderCsv(buildProjectTable(draft));
    expect(csv).toContain('担当課の提出状況は「作成中」です。');
    const result = await imported(utf8(csv));
    expect(result.cycles[0]!.submissions.map((s) => s.status)).toEqual(['approved', 'draft', 'approved']);
    expect(renderCsv(buildProjectTable(result))).toBe(csv);
  });
});

describe('parseCsv', () => {
  it('reads RFC 4180: quotes, doubled quotes, commas and line breaks in fields, CRLF and LF, BOM', () => {
    expect(parseCsv('\uFEFFa,"b,""c""\r\nd",e\r\nf,g\nh')).toEqual([
      ['a', 'b,"c"\r\nd', 'e'],
      ['f', 'g'],
      ['h'],
    ]);
  });

  it('drops the formula guard of our export', () => {
    expect(parseCsv("'=1+1,'-%,'x\r\n")).toEqual([['=1+1', '-%', "'x"]]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importTables } from './index.ts';
import { unaccounted } from './testing/accounting.ts';
import { continuing, CONTINUING_FOLLOW_UP as FOLLOW_UP } from './testing/continuing.ts';
import { projectTable } from './testing/published.ts';
import { typedCells, typedCsv, typedXlsx } from './testing/typed.ts';

/**
 * The variants the published sample does not show (testing/continuing.ts), the faults an import
 * must name at their cell, and the accounting of every cell for any input (fast-check).
 */

const find = (r: Awaited<ReturnType<typeof importTables>>, code: string) =>
  r.problems.filter((p) => p.code === code);

describe('continuing projects and the faults an import must name', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`every cell accounted for, in ${format}`, async () => {
      const sheet = continuing();
      const data = format === 'csv' ? typedCsv(sheet) : await typedXlsx([sheet]);
      const r = await importTables(data, { acceptPartial: true });
      expect(unaccounted(r, typedCells([sheet], format === 'xlsx'))).toEqual([]);
      expect(r.summary).toMatchObject({ projects: 2, indicators: 7, cellsNotRead: 1 });
    });
  }

  it('without --accept-partial there is no plan, and each fault names its cell in Japanese and English', async () => {
    const r = await importTables(typedCsv(continuing()));
    expect(r.plan).toBeNull();
    expect(r.partial).toBe(true);
    const errors = r.problems
      .filter((p) => p.severity === 'error')
      .map((p) => [p.code, p.path, p.cell?.field]);
    expect(errors).toEqual([
      ['import.missing_reason', 'E25', 'actual'],
      ['import.cell_not_read', 'G24', 'cell'],
    ]);
    const stray = find(r, 'import.cell_not_read')[0]!;
    expect(stray.message.ja).toBe(
      'G24: 「メモ: 要確認」を読み取れませんでした。公表様式のどの欄にも当てはまりません。',
    );
    expect(stray.message.en).toMatch(/^G24: "メモ: 要確認" was not read/);
  });

  it('compares each printed 達成度 with shared/calc and warns with both figures', async () => {
    const r = await importTables(typedCsv(continuing()), { acceptPartial: true });
    const [mismatch] = find(r, 'import.achievement_mismatch');
    expect(mismatch).toMatchObject({ path: 'F24', severity: 'warning' });
    expect(mismatch!.message.ja).toContain('「95.0%」');
    expect(mismatch!.message.ja).toContain('「90.0%」');
    expect(find(r, 'import.achievement_mismatch')).toHaveLength(1);
  });

  it('keeps the share of a joint project, the separator, the unknown baselines and the notes', async () => {
    const r = await importTables(typedCsv(continuing()), { acceptPartial: true });
    const [p4, p5] = r.plan!.projects;
    expect(p4).toMatchObject({
      number: 4,
      name: '定禅寺通活性化推進事業',
      period: { startFy: 2022, endFy: 2024 },
      budget: { amount: '10000', prefix: '仙台市', label: '事業規模 (令和5年度交付対象事業費)' },
      departmentSeparator: ' ',
    });
    expect(r.plan!.departments.map((d) => d.name)).toEqual([
      '都市整備局定禅寺通活性化室',
      'まちづくり政策局政策企画課',
      '建設局百年の杜推進課',
      '環境局環境共生課',
    ]);
    expect(p5!.departmentSeparator).toBeUndefined();
    const [k1, k2, k3] = p4!.indicators;
    expect(k2).toMatchObject({
      unit: '件',
      kind: 'not_set',
      note: '(※)',
      baseline: { value: null, marker: '(※1)', missingReason: '令和4年度は調査を行っていない。' },
    });
    expect(k3).toMatchObject({ unit: '億円', baseline: { value: null, marker: '(※1)' } });
    const actual = r.plan!.cycles[0]!.actuals.find((a) => a.indicatorId === k1!.id);
    expect(actual).toMatchObject({
      value: '1234',
      marker: '(※2)',
      footnotes: [{ marker: '(※2)', noteMarker: '※2', text: '速報値による。' }],
    });
    // The note of the target's (※), and the row after it without a marker: a note of the project
    // each, printed back as two rows.
    expect(p4!.footnotes).toEqual([
      { marker: '※', text: '目標値は令和6年度に設定する。' },
      { marker: '', text: '（詳細は計画変更の際に定める）' },
    ]);
    // The target's marker stays on the target (`30,000(※4)`); its note is the project's.
    expect(p5!.indicators[2]!.targets).toEqual([{ fiscalYear: 2023, value: '30000', marker: '(※4)' }]);
    expect(p5!.footnotes).toEqual([{ marker: '(※4)', text: '目標値は計画変更後の値。' }]);
    expect(p5!.indicators[3]).toMatchObject({ unit: '人', baseline: { value: '-25' } });
    expect(r.plan!.plan.reports?.[0]?.cohortNotes).toEqual([
      { period: { startFy: 2022, endFy: 2024 }, text: FOLLOW_UP },
    ]);
  });

  it('reads the 令和5年度当初値 header of a continuing project and the 【2年目】 tag, checked against the period', async () => {
    const sheet = continuing();
    sheet.rows[5] = [{ text: '4 定禅寺通活性化推進事業【3年目】', span: [1, 6] }];
    const r = await importTables(typedCsv(sheet), { acceptPartial: true });
    expect(find(r, 'import.tag_mismatch')).toMatchObject([{ path: 'A6', severity: 'warning' }]);
    expect(find(r, 'import.year_mismatch')).toEqual([]);
  });
  it('a heading printed without its number takes the next one, with a warning', async () => {
    const sheet = continuing();
    sheet.rows[18] = [{ text: '広瀬川創生事業', span: [1, 6] }];
    const r = await importTables(typedCsv(sheet), { acceptPartial: true });
    expect(r.plan!.projects.map((p) => [p.number, p.name])).toEqual([
      [4, '定禅寺通活性化推進事業'],
      [5, '広瀬川創生事業'],
    ]);
    expect(find(r, 'import.heading_number')).toMatchObject([{ path: 'A19', severity: 'warning' }]);
  });
});

describe('the accounting holds for any input', () => {
  const base = projectTable();
  const width = 7;
  const cellArb = fc.record({
    row: fc.nat({ max: base.rows.length + 2 }),
    col: fc.nat({ max: width - 1 }),
    text: fc.oneof(
      fc.constantFrom(
        'KPI',
        '注',
        '※ 追記',
        '(※9) 注記',
        '12,345',
        '計画期間',
        '—%',
        '① 追加の指標',
        '事業概要',
        'メモ',
      ),
      fc.string({ minLength: 1, maxLength: 12 }),
    ),
  });

  it('with cells written anywhere over the published table: each one read, or named by a problem', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cellArb, { minLength: 1, maxLength: 4 }), async (extra) => {
        const rows = base.rows.map((r) => [...r]);
        for (const { row, col, text } of extra) {
          while (rows.length <= row) rows.push([]);
          const r = rows[row]!;
          while (r.length <= col) r.push(null);
          r[col] = text;
        }
        const sheet = { name: base.name, rows };
        const r = await importTables(typedCsv(sheet), { acceptPartial: true });
        expect(unaccounted(r, typedCells([sheet], false))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

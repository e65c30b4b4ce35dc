import { describe, expect, it } from 'vitest';
import { displayNumber } from '../../../shared/render/number-format.ts';
import { framedModel, projectLikeModel, revisionLikeModel } from '../../../shared/render/testing/models.ts';
import { asPrintedFrame, csvRows } from '../../../shared/render/testing/rendered-rows.ts';
import { CSV_CHANGED_MARK, CSV_CHANGED_NOTE, renderCsv } from '../../../shared/tables/csv.ts';
import type { TableModel } from '../../../shared/tables/types.ts';
import { parseAddress } from './columns.ts';
import { finishBytes, planBatches } from './export-batches.ts';
import { CHART_HEADERS, TARGET_PERCENT } from './export-chart.ts';
import { areaLists, type FormatGroup, MAX_AREA_CHARS, rectangles } from './export-format.ts';
import { planSheet, uniqueSheetNames } from './export-plan.ts';
import { MAX_CHUNK_BYTES } from './write-plan.ts';

/** The positions an area list covers, as 'row,col' keys. */
function positions(groups: FormatGroup[], kind: string): string[] {
  const out: string[] = [];
  for (const g of groups.filter((x) => x.setting.kind === kind))
    for (const list of g.areas)
      for (const a of list.split(',')) {
        const r = parseAddress(a)!;
        for (let i = 0; i < r.rows; i++)
          for (let j = 0; j < r.cols; j++) out.push(`${r.row + i},${r.col + j}`);
      }
  return out.sort();
}

/** What each row of the planned sheet shows, numbers through their format, as CSV rows are read. */
function shownRows(model: TableModel) {
  const plan = planSheet(model);
  return plan.values
    .map((row, r) =>
      row
        .map((v, c) =>
          typeof v === 'number' ? (displayNumber(String(v), plan.numberFormats[r]![c]!) ?? '?') : v,
        )
        .filter((text) => text !== ''),
    )
    .filter((texts) => texts.length > 0);
}

describe('planSheet', () => {
  it.each([
    ['project table', projectLikeModel()],
    ['新旧対照表', revisionLikeModel()],
    ['framed table', framedModel(true)],
  ])('puts every printed text where the CSV export prints it (%s)', (_, model) => {
    // CSV marks a changed cell with 【変更】 (and says so after the title); the sheet underlines it.
    // CSV puts the 別紙 label in the title row's last field; the sheet on a row of its own above.
    const csv = asPrintedFrame(csvRows(renderCsv(model)), model).map((r) =>
      r.texts.map((t) => t.replace(CSV_CHANGED_NOTE, '').replace(CSV_CHANGED_MARK, '')),
    );
    expect(shownRows(model)).toEqual(csv);
  });

  it('puts the 別紙 label and a subtitle framed on the right on the right, the title from the left', () => {
    const right = (model: TableModel) =>
      planSheet(model)
        .formats.filter((g) => g.setting.kind === 'horizontal' && g.setting.value === 'Right')
        .flatMap((g) => g.areas.flatMap((list) => list.split(',')));
    // Row 1 the label, row 2 the title, rows 3–4 the subtitle lines, each merged across A:F.
    expect(right(framedModel())).toContain('A1:F1');
    expect(right(framedModel())).not.toContain('A1:F4');
    expect(right(framedModel(true))).toContain('A3:F4');
    expect(
      planSheet(framedModel())
        .values.slice(0, 4)
        .map((r) => r[0]),
    ).toEqual(['別紙2', 'テスト計画 事業の実績', '令和5年度末時点', '（単位：千円）']);
    expect(planSheet(framedModel()).merges).toContainEqual({ address: 'A1:F4', across: true });
    expect(planSheet(framedModel()).print.titleRows).toBe('$2:$4');
  });

  it('stores figures as numbers with the model format, everything else as text', () => {
    const plan = planSheet(projectLikeModel());
    const find = (v: string | number) => {
      const r = plan.values.findIndex((row) => row.includes(v));
      return { r, c: plan.values[r]!.indexOf(v) };
    };
    const percent = find(481.6);
    expect(plan.numberFormats[percent.r]![percent.c]).toBe('0.0"%";"△"0.0"%"');
    const formula = find('② =HYPERLINK("http://evil.example/","click")');
    expect(plan.numberFormats[formula.r]![formula.c]).toBe('@');
    // '0PV' is shown by its format from the number 0; '—%' has no figure and stays text.
    expect(find('—%').r).toBeGreaterThan(0);
    expect(plan.values.flat().filter((v) => typeof v === 'number')).toContain(56677);
  });

  it('merges the title lines across the sheet and each span of the model', () => {
    const plan = planSheet(projectLikeModel());
    expect(plan.merges).toContainEqual({ address: 'A1:F2', across: true });
    // KPI header spanning four rows; 事業概要 and 主な取組 (one-row spans over B:F) merged across.
    const kpiRow = plan.values.findIndex((row) => row[0] === 'KPI');
    expect(plan.merges).toContainEqual({ address: `A${kpiRow + 1}:A${kpiRow + 4}`, across: false });
    expect(plan.merges).toContainEqual({ address: `B${kpiRow - 1}:F${kpiRow}`, across: true });
  });

  it('underlines exactly the changed cells of both halves and frames every grid position', () => {
    const plan = planSheet(revisionLikeModel());
    expect(positions(plan.formats, 'underline')).toEqual(['4,2', '4,3', '4,6', '4,7']);
    expect(positions(plan.formats, 'border')).toHaveLength(3 * 8);
    expect(positions(plan.formats, 'bold')).toContain('0,0');
    expect(plan.print).toEqual({ titleRows: '$1:$4', area: 'A1:H5', breaks: [] });
  });

  it('makes few format groups for a long table', () => {
    const model = projectLikeModel();
    const block = model.blocks[0]!;
    model.blocks = Array.from({ length: 300 }, (_, i) => ({ ...block, id: `project-p${i}` }));
    const plan = planSheet(model);
    expect(plan.rows).toBeGreaterThan(300 * 10);
    expect(plan.formats.length).toBeLessThan(20);
    for (const g of plan.formats)
      for (const list of g.areas) expect(list.length).toBeLessThanOrEqual(MAX_AREA_CHARS);
    // Merges, formats and heights of one sheet are sent together: far below a request's 2 MB.
    expect(finishBytes(plan)).toBeLessThan(MAX_CHUNK_BYTES / 4);
  });
});

describe('the 達成度 charts', () => {
  it('takes names and figures from the model cells and leaves a KPI without a figure empty, with a note', () => {
    const plan = planSheet(projectLikeModel());
    const { data, charts } = plan.charts;
    expect(charts).toHaveLength(1);
    expect(charts[0]!.title).toContain('【新規】');
    const rows = data!.values.filter((r) => r.some((v) => v !== ''));
    expect(rows[0]).toEqual([...CHART_HEADERS]);
    expect(rows[1]).toEqual(['① オウンドメディア等のPV数', 481.6, TARGET_PERCENT]);
    expect(rows[2]).toEqual(['② =HYPERLINK("http://evil.example/","click")', -8.3, TARGET_PERCENT]);
    expect(rows[3]).toEqual(['③ +1', '', TARGET_PERCENT]);
    expect(rows[4]![0]).toBe('※ 達成度を算出できない指標は棒を表示していません：③ +1（—%）');
    expect(charts[0]!.dataAddress).toBe(
      `H${data!.values.indexOf(rows[0]!) + 1}:J${data!.values.indexOf(rows[3]!) + 1}`,
    );
    // Beside the table and its data, never over the printed columns.
    expect(parseAddress(charts[0]!.from)!.col).toBeGreaterThan(plan.columns + 3);
  });

  it('draws no chart for a project without any 達成度 figure, and says why beside the table', () => {
    const model = projectLikeModel();
    for (const row of model.blocks[0]!.rows)
      for (const cell of row)
        if (cell.ref?.field === 'achievement') {
          delete cell.number;
          cell.text = '—%';
        }
    const { data, charts } = planSheet(model).charts;
    expect(charts).toEqual([]);
    expect(data!.values.flat()).toContain(
      '※ 達成度を算出できる指標がないため、グラフはありません：① オウンドメディア等のPV数（—%）、② =HYPERLINK("http://evil.example/","click")（—%）、③ +1（—%）',
    );
  });

  it('has no charts for other tables', () => {
    expect(planSheet(revisionLikeModel()).charts).toEqual({ data: null, charts: [] });
  });
});

describe('uniqueSheetNames', () => {
  it('numbers a name the workbook already has, ignoring case, within 31 characters', () => {
    expect(uniqueSheetNames(['進捗状況', '予算'], ['Sheet1', '進捗状況', '進捗状況 (2)'])).toEqual([
      '進捗状況 (3)',
      '予算',
    ]);
    expect(uniqueSheetNames(['Budget'], ['BUDGET'])).toEqual(['Budget (2)']);
    const long = 'あ'.repeat(40);
    const [name] = uniqueSheetNames([long], ['あ'.repeat(31)]);
    expect(name).toBe(`${'あ'.repeat(27)} (2)`);
    expect(uniqueSheetNames(['a/b:c'], [])).toEqual(['a_b_c']);
  });
});

describe('rectangles and area lists', () => {
  it('covers exactly the marked positions, stacking runs over the same columns', () => {
    const marked = new Set(['0,0', '0,1', '1,0', '1,1', '2,1', '3,3']);
    const rects = rectangles(4, 4, (r, c) => marked.has(`${r},${c}`));
    expect(rects).toEqual([
      { row: 0, col: 0, rows: 2, cols: 2 },
      { row: 2, col: 1, rows: 1, cols: 1 },
      { row: 3, col: 3, rows: 1, cols: 1 },
    ]);
    expect(areaLists(rects)).toEqual(['A1:B2,B3,D4']);
  });
});

describe('planBatches', () => {
  const plans = [planSheet(projectLikeModel()), planSheet(revisionLikeModel())];

  it('sends a small export in one batch: every sheet’s rows, then its finishing commands', () => {
    const batches = planBatches(plans);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.items).toEqual([
      { sheet: 0, kind: 'rows', start: 0, end: plans[0]!.rows },
      { sheet: 0, kind: 'finish' },
      { sheet: 1, kind: 'rows', start: 0, end: plans[1]!.rows },
      { sheet: 1, kind: 'finish' },
    ]);
  });

  it('cuts a large export into batches under the limit, covering every row once and in order', () => {
    const limit = Math.max(...plans.map(finishBytes)) + 1_000;
    const batches = planBatches(plans, limit);
    expect(batches.length).toBeGreaterThan(2);
    for (const b of batches) expect(b.bytes).toBeLessThanOrEqual(limit);
    const rows = batches.flatMap((b) => b.items).filter((i) => i.kind === 'rows');
    for (const sheet of [0, 1]) {
      const mine = rows.filter((i) => i.sheet === sheet);
      expect(mine[0]!.start).toBe(0);
      for (let k = 1; k < mine.length; k++) expect(mine[k]!.start).toBe(mine[k - 1]!.end);
      expect(mine[mine.length - 1]!.end).toBe(plans[sheet]!.rows);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import { buildRevisionTable } from '../tables/revision.ts';
import type { TableModel } from '../tables/types.ts';
import { blockParts } from './sheet-blocks.ts';
import { layoutSheet } from './sheet-layout.ts';
import { columnPoints, lineHeight, MAX_ROW_HEIGHT, rowPoints } from './sheet-measure.ts';
import { framedModel, projectLikeModel, revisionLikeModel } from './testing/models.ts';

/** The 新旧対照表 of the sample plan; with `kpis`, its one block holds that many KPI rows (copies of its first). */
function revisionTable(kpis?: number): TableModel {
  const model = buildRevisionTable(loadPlan('revision-sample.plan.json'));
  if (kpis !== undefined) {
    const block = model.blocks[0]!;
    const first = block.rows.findIndex((r) => r.some((c) => c.role === 'value'));
    const kpi = block.rows[first]!;
    block.rows = [
      ...block.rows.slice(0, first),
      ...Array.from({ length: kpis }, (_, k) =>
        kpi.map((c) => (c.role === 'label' ? { ...c, text: `指標${k}` } : c)),
      ),
      // The closing section row `7-3 (略)`.
      ...block.rows.slice(-1),
    ];
  }
  return model;
}

describe('layoutSheet', () => {
  it('lays out title lines, then per block a gap, the heading, the grid and its footnotes', () => {
    const layout = layoutSheet(projectLikeModel());
    const body = (n: number) => new Array<string>(n).fill('body');
    expect(layout.rows.map((r) => r.kind)).toEqual([
      ...['title', 'subtitle', 'gap', 'body', 'gap', 'heading', ...body(7), 'footnote', 'footnote'],
      ...['gap', 'footnote'],
    ]);
    expect(layout.blocks).toEqual([
      {
        ...{ id: 'cohort-summary', start: 3, gridStart: 3, headerEnd: 3, end: 4 },
        ...{ head: { start: 3, end: 3 }, units: [3], flows: false },
      },
      {
        ...{ id: 'project-p1', start: 5, gridStart: 6, headerEnd: 6, end: 15 },
        // The KPI header row is the block's column header; each KPI row a part of its own.
        ...{ head: { start: 9, end: 10 }, units: [5, 11, 12], flows: false },
      },
    ]);
    // Several blocks without a shared leading header: only the title lines repeat on each page.
    expect(layout.print.titleRows).toEqual({ start: 0, end: 2 });
    expect(layout.print.breaks).toEqual([]);
    expect(layout.print.area).toEqual({ rows: 17, cols: 6 });
  });

  it('marks a block’s leading header rows, repeated with the title when the block is alone', () => {
    const layout = layoutSheet(revisionLikeModel());
    expect(layout.rows.map((r) => r.kind)).toEqual(['title', 'gap', 'header', 'header', 'body']);
    expect(layout.blocks).toEqual([
      {
        ...{ id: 'revision', start: 2, gridStart: 2, headerEnd: 4, end: 5 },
        ...{ head: { start: 2, end: 4 }, units: [2], flows: false },
      },
    ]);
    expect(layout.print.titleRows).toEqual({ start: 0, end: 4 });
  });

  it('merges exactly the cells covering more than one position, lines across the sheet', () => {
    const layout = layoutSheet(projectLikeModel());
    const spanning = layout.cells.filter((c) => c.rows > 1 || c.cols > 1);
    expect(layout.merges).toEqual(spanning.map(({ row, col, rows, cols }) => ({ row, col, rows, cols })));
    expect(layout.merges[0]).toEqual({ row: 0, col: 0, rows: 1, cols: 6 });
    expect(layout.merges).toContainEqual({ row: 9, col: 0, rows: 4, cols: 1 });
  });

  it('stores a figure as a number only when its format shows the printed text', () => {
    const cells = layoutSheet(projectLikeModel()).cells;
    const find = (text: string) => cells.find((c) => c.text === text);
    expect(find('0PV')).toMatchObject({ number: '0', numberFormat: '#,##0"PV";"△"#,##0"PV"' });
    expect(find('△8.3%')).toMatchObject({ number: '-8.3' });
    expect(find('(※)')).toMatchObject({ number: undefined, numberFormat: '@' });
  });

  it('raises rows to what wrapped text needs and caps them where Excel does', () => {
    const model = projectLikeModel();
    model.footnotes = [{ marker: '※', text: '長い注記。'.repeat(2000) }];
    const layout = layoutSheet(model, { fontSize: 10 });
    const line = lineHeight(10);
    expect(layout.rows[0]!.height).toBeCloseTo(line * 1.4);
    // 事業概要: 160 full-width characters (320 units) across five columns 92 units wide: 4 lines.
    expect(layout.rows[7]!.height).toBe(4 * line);
    expect(layout.rows.at(-1)!.height).toBe(MAX_ROW_HEIGHT);
    expect(MAX_ROW_HEIGHT).toBe(408.75);
  });

  it('makes equal looks one object', () => {
    const cells = layoutSheet(projectLikeModel()).cells;
    const looks = new Set(cells.map((c) => c.look));
    expect(looks.size).toBe(new Set(cells.map((c) => JSON.stringify(c.look))).size);
    expect(looks.size).toBeLessThan(12);
  });

  it('rounds every height up to whole pixels, the one rule of both writers', () => {
    expect([15, 13.5, 20, 20.1, 0.1, 500].map(rowPoints)).toEqual([15, 13.5, 20.25, 20.25, 0.75, 408.75]);
    for (const row of layoutSheet(projectLikeModel()).rows) expect(row.height % 0.75).toBe(0);
  });

  it('scales to one page wide and counts a page’s height in the sheet’s points', () => {
    const printable = { width: (297 / 25.4 - 0.8) * 72, height: (210 / 25.4 - 1.2) * 72 };
    const narrow = layoutSheet(projectLikeModel()).print;
    expect(narrow.scale).toBe(1);
    expect(narrow.pageHeight).toBeCloseTo(printable.height * 0.98);
    const model = projectLikeModel();
    model.columnWidths = [40, 60, 30, 30, 30, 30];
    const wide = layoutSheet(model);
    const width = wide.columnWidths.reduce((sum, w) => sum + columnPoints(w), 0);
    expect(wide.print.scale).toBeCloseTo(printable.width / width);
    expect(wide.print.pageHeight).toBeCloseTo((printable.height * 0.98) / wide.print.scale);
  });

  it('begins a block taller than a page on a page of its own and cuts it between KPI rows only', () => {
    const model = projectLikeModel();
    const block = model.blocks[0]!;
    const kpi = block.rows[4]!;
    const tall = structuredClone(block);
    tall.id = 'project-tall';
    tall.rows = [
      ...tall.rows.slice(0, 3),
      [{ ...tall.rows[3]![0]!, rowSpan: 61 }, ...tall.rows[3]!.slice(1)],
      ...Array.from({ length: 60 }, (_, k) => [{ ...kpi[0]!, text: `指標${k + 1}` }, ...kpi.slice(1)]),
    ];
    model.blocks.push(tall);
    const layout = layoutSheet(model);
    const [, first, second] = layout.blocks;
    expect(first!.units).toEqual([5, 11, 12]);
    const { breaks } = layout.print;
    // The first block stays whole with the title; the tall one begins a page and breaks between KPI rows.
    expect(breaks[0]).toBe(second!.start);
    expect(breaks.length).toBeGreaterThan(2);
    for (const b of breaks.slice(1)) expect(second!.units).toContain(b);
    // Its KPI cell, cut by the breaks, reads from the top; the first block's keeps its look.
    const kpiCells = layout.cells.filter((c) => c.text === 'KPI');
    expect(kpiCells.map((c) => c.look.vertical)).toEqual(['center', 'top']);
  });

  it('prints the 別紙 label on a row of its own at the right, above the title, and each subtitle line on its own row', () => {
    const layout = layoutSheet(framedModel());
    expect(layout.rows.slice(0, 4).map((r) => r.kind)).toEqual(['label', 'title', 'subtitle', 'subtitle']);
    const lines = layout.cells.slice(0, 4);
    expect(lines.map((c) => c.text)).toEqual([
      '別紙2',
      'テスト計画 事業の実績',
      '令和5年度末時点',
      '（単位：千円）',
    ]);
    expect(lines.map((c) => c.look.horizontal)).toEqual(['right', null, null, null]);
    // Each merged across the sheet.
    for (const [row, c] of lines.entries()) expect(c).toMatchObject({ row, col: 0, rows: 1, cols: 6 });
    expect(layout.merges.slice(0, 4)).toEqual(
      lines.map(({ row, col, rows, cols }) => ({ row, col, rows, cols })),
    );
    // The label marks page 1 only: the repeated rows are the title lines.
    expect(layout.print.titleRows).toEqual({ start: 1, end: 4 });
  });

  it('puts the subtitle lines on the right where the frame says so (（単位：千円）)', () => {
    const lines = layoutSheet(framedModel(true)).cells.slice(0, 4);
    expect(lines.map((c) => c.look.horizontal)).toEqual(['right', null, 'right', 'right']);
    expect(lines[2]!.look.size).toBe(10);
  });

  it('takes the 新旧対照表’s 変更後 | 変更前, section rows and both column header rows as its head', () => {
    const model = revisionTable();
    const parts = blockParts(model.blocks[0]!);
    const texts = (r: number) => model.blocks[0]!.rows[r]!.map((c) => c.text);
    expect(texts(parts.headStart)).toEqual(['変更後', '変更前']);
    expect(parts.sections).toEqual({ start: 1, end: 4 });
    expect(texts(parts.headEnd - 1)[0]).toBe('H30年度 増加分');
    expect(parts.headEnd).toBe(6);
    // Its last unit: the last KPI row with the closing `7-3 (略)` under it.
    const rows = model.blocks[0]!.rows.length;
    expect(texts(rows - 1)).toEqual(['7-3 (略)', '7-3 (略)']);
    expect(parts.units.at(-1)).toBe(rows - 2);
    // The other blocks of a 新旧対照表 have no section rows in their head.
    expect(blockParts(revisionLikeModel().blocks[0]!).sections).toEqual({ start: 0, end: 0 });
  });

  it('repeats the 新旧対照表’s title lines and whole head on each page when its one block is taller than a page', () => {
    const layout = layoutSheet(revisionTable(60));
    const [block] = layout.blocks;
    expect(block!.head).toEqual({ start: block!.gridStart, end: block!.gridStart + 6 });
    // Excel repeats one range: from the title down to the second column header row.
    expect(layout.print.titleRows).toEqual({ start: 0, end: block!.gridStart + 6 });
    expect(layout.print.breaks.length).toBeGreaterThan(0);
    for (const b of layout.print.breaks) expect(block!.units).toContain(b);
    // The closing section row never begins a page.
    expect(layout.print.breaks).not.toContain(layout.rows.length - 1);
  });
});

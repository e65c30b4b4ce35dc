import { describe, expect, it } from 'vitest';
import { layoutSheet } from './sheet-layout.ts';
import { lineHeight, MAX_ROW_HEIGHT } from './sheet-measure.ts';
import { projectLikeModel, revisionLikeModel } from './testing/models.ts';

describe('layoutSheet', () => {
  it('lays out title lines, then per block a gap, the heading, the grid and its footnotes', () => {
    const layout = layoutSheet(projectLikeModel());
    const body = (n: number) => new Array<string>(n).fill('body');
    expect(layout.rows.map((r) => r.kind)).toEqual([
      ...['title', 'subtitle', 'gap', 'body', 'gap', 'heading', ...body(7), 'footnote', 'footnote'],
      ...['gap', 'footnote'],
    ]);
    expect(layout.blocks).toEqual([
      { id: 'cohort-summary', start: 3, gridStart: 3, headerEnd: 3, end: 4 },
      { id: 'project-p1', start: 5, gridStart: 6, headerEnd: 6, end: 15 },
    ]);
    // Several blocks: only the title lines repeat on each page.
    expect(layout.print.titleRows).toBe(2);
    expect(layout.print.area).toEqual({ rows: 17, cols: 6 });
  });

  it('marks a block’s leading header rows, repeated with the title when the block is alone', () => {
    const layout = layoutSheet(revisionLikeModel());
    expect(layout.rows.map((r) => r.kind)).toEqual(['title', 'gap', 'header', 'header', 'body']);
    expect(layout.blocks).toEqual([{ id: 'revision', start: 2, gridStart: 2, headerEnd: 4, end: 5 }]);
    expect(layout.print.titleRows).toBe(4);
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
  });

  it('makes equal looks one object', () => {
    const cells = layoutSheet(projectLikeModel()).cells;
    const looks = new Set(cells.map((c) => c.look));
    expect(looks.size).toBe(new Set(cells.map((c) => JSON.stringify(c.look))).size);
    expect(looks.size).toBeLessThan(12);
  });
});

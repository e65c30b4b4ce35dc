/**
 * The per-page checks themselves (pages.ts), on pages made by hand: they pass a good printout and
 * name each fault of a bad one — a block split though it fits, a unit split, a continuation page
 * without the column header, a page without any header, an empty page.
 */
import { describe, expect, it } from 'vitest';
import { footnoteLine } from '../../shared/render/layout.ts';
import { projectLikeModel } from '../../shared/render/testing/models.ts';
import { resolveBlock } from '../../shared/tables/grid.ts';
import type { TableModel } from '../../shared/tables/types.ts';
import { checkPrintedTable, normalize } from './pages.ts';

/** A project table of two blocks, the second with many KPI rows. */
function model(): TableModel {
  const m = projectLikeModel();
  const block = m.blocks[0]!;
  const second = structuredClone(block);
  second.id = 'project-p2';
  second.heading = '2 二つ目の事業【新規】';
  const kpi = second.rows[4]!;
  second.rows = [
    ...second.rows.slice(0, 3),
    [{ ...second.rows[3]![0]!, rowSpan: 9 }, ...second.rows[3]!.slice(1)],
    ...Array.from({ length: 8 }, (_, k) => [{ ...kpi[0]!, text: `指標その${k + 1}` }, ...kpi.slice(1)]),
  ];
  m.blocks.push(second);
  return m;
}

/** Each row's printed text, as a PDF gives it: cells in order, normalized. */
function printedRows(m: TableModel) {
  const lines = (block: TableModel['blocks'][number]) => {
    const layout = resolveBlock(block);
    const rows = Array.from({ length: layout.rows }, (_, r) =>
      normalize(
        layout.cells
          .filter((p) => p.row === r)
          .map((p) => p.cell.text)
          .join(''),
      ),
    );
    return {
      heading: normalize(block.heading ?? ''),
      rows,
      notes: block.footnotes.map((f) => normalize(footnoteLine(f))),
    };
  };
  return {
    title: normalize(`${m.title}${m.subtitle}`),
    summary: lines(m.summary[0]!),
    p1: lines(m.blocks[0]!),
    p2: lines(m.blocks[1]!),
    notes: m.footnotes.map((f) => normalize(footnoteLine(f))).join(''),
  };
}

describe('checkPrintedTable', () => {
  const m = model();
  const t = printedRows(m);
  const whole = (b: typeof t.p1) => [b.heading, ...b.rows, ...b.notes].join('');
  const head = t.p2.rows[3]!;

  it('passes blocks each on one page, and a tall block continued under its header', () => {
    const pages = [
      t.title + whole(t.summary) + whole(t.p1),
      [t.p2.heading, ...t.p2.rows.slice(0, 8)].join(''),
      head + [...t.p2.rows.slice(8), ...t.p2.notes].join('') + t.notes,
    ];
    const check = checkPrintedTable(pages, m, new Set(['project-p2']));
    expect(check.problems).toEqual([]);
    expect(check.spanning).toEqual(['project-p2']);
  });

  it('names a block split though it shares its first page, and a page without a header', () => {
    const pages = [
      t.title + whole(t.summary) + whole(t.p1) + [t.p2.heading, ...t.p2.rows.slice(0, 6)].join(''),
      [...t.p2.rows.slice(6), ...t.p2.notes].join('') + t.notes,
    ];
    expect(checkPrintedTable(pages, m, new Set()).problems).toEqual([
      'project-p2: split over pages 1–2 though it does not begin a page of its own',
      // (指標 is there: inside the KPI names 指標その7, 指標その8.)
      'project-p2: page 2 continues it without its column header (KPI | 当初値 | 目標値(増分) | 実績値(増分) | 達成度)',
      'page 2 has no column header',
    ]);
  });

  it('names a block’s first part cut from its heading, a tall block on one page, an empty page', () => {
    const pages = [
      t.title + whole(t.summary) + t.p1.heading + t.p1.rows.slice(0, 2).join(''),
      t.p1.rows.slice(2).join('') + t.p1.notes.join('') + whole(t.p2) + t.notes,
      '',
    ];
    const problems = checkPrintedTable(pages, m, new Set(['project-p2'])).problems;
    expect(problems).toContain('project-p1: its first part (heading to first unit) split over pages 1, 2');
    expect(problems).toContain('project-p2: taller than a page, yet on one page');
    expect(problems).toContain('page 3 is empty');
  });
});

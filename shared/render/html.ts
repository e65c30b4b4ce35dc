import { resolveBlock } from '../tables/grid.ts';
import { frameHeadLines } from '../tables/markdown.ts';
import type { TableBlock, TableCell, TableModel } from '../tables/types.ts';
import { achievementChart } from './html-chart.ts';
import { escapeHtml, escapeLines } from './html-escape.ts';
import { PAGE_STYLE } from './html-style.ts';
import { footnoteLine, printBlocks } from './layout.ts';
import { blockParts, flowsByUnit } from './sheet-blocks.ts';

export interface HtmlOptions {
  /** The page title; default: the titles of the tables. */
  title?: string;
  /** Draw the 達成度 chart for project tables (default true). */
  chart?: boolean;
}

/**
 * A standalone page for the city's web site: the table's frame (the 別紙 label on the right, the
 * title, the subtitle lines), one <table> per block with caption, thead/tbody,
 * th with scope, the model's spans, footnotes under each block, changed cells in <u>, a print
 * stylesheet for A4 landscape, and an accessible 達成度 chart for project tables (on screen).
 *
 * Printed, pages are cut as the sheet layout cuts them (sheet-blocks.ts): a block is kept on one
 * page; one taller than a page, or a budget section, breaks only between its KPI rows or pairs,
 * its column header (the table's <thead>) repeated on each page. A block whose column header is
 * not its first row (a project: 計画期間…主な取組 above the KPI header) prints those rows as a
 * table of their own just above, so that only the header repeats; a header cell that spans the
 * rows below it (`KPI`) ends with the header, its column below filled with empty cells. A head
 * with section rows inside it (the 新旧対照表's first block) nests its column header rows and
 * units in a table under the sections, so that a page continuing it repeats 変更後 | 変更前 and
 * the column header rows.
 */
export function renderHtml(models: TableModel[], options: HtmlOptions = {}): string {
  const pageTitle = options.title ?? models.map((m) => m.title).join('・');
  const sections = models.map((model, i) => renderModel(model, `t${i + 1}`, options.chart !== false));
  return [
    '<!DOCTYPE html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(pageTitle)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderModel(model: TableModel, id: string, chart: boolean): string {
  const parts = [`<section class="table-${model.kind}" aria-labelledby="${id}-title">`];
  // The frame as published: the 別紙 label at the top right, the title, each further line on its
  // own (on the right where the frame puts it: `（単位：千円）` above the budget table).
  const head = frameHeadLines(model);
  const subtitleClass = head.subtitleRight ? 'subtitle a-right' : 'subtitle';
  parts.push(
    [
      '<header class="frame">',
      ...(head.label === undefined ? [] : [`<p class="frame-label">${escapeHtml(head.label)}</p>`]),
      `<h1 id="${id}-title">${escapeHtml(head.title)}</h1>`,
      ...head.subtitle.map((line) => `<p class="${subtitleClass}">${escapeHtml(line)}</p>`),
      '</header>',
    ].join(''),
  );
  const flows = flowsByUnit(model.kind);
  const blocks = printBlocks(model);
  // The first block with a column header stays with the title (and the summary above it): cut
  // between its units if the page cannot hold them all, rather than leave the title alone.
  const first = Math.max(
    0,
    blocks.findIndex((b) => {
      const parts = blockParts(b);
      return parts.headEnd > parts.headStart;
    }),
  );
  // The table's footnotes go inside the last block, so that a page never holds them alone.
  const notes =
    model.footnotes.length > 0
      ? `<div class="notes table-notes">${model.footnotes.map((f) => `<p>${escapeLines(footnoteLine(f))}</p>`).join('')}</div>`
      : '';
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    parts.push(
      renderBlock(block, `${id}-b${i + 1}`, {
        widths: model.columnWidths,
        flows,
        summary: i < first,
        first: i === first,
        after: last ? notes : '',
      }),
    );
  });
  if (blocks.length === 0 && notes) parts.push(notes);
  if (chart && model.kind === 'projects') parts.push(achievementChart(model, `${id}-chart`));
  parts.push('</section>');
  return parts.join('\n');
}

interface BlockOptions {
  /** The model's relative column widths. */
  widths: readonly number[];
  /** Breaks between its units even when it fits on a page (a budget section). */
  flows: boolean;
  /** A summary above the blocks: printed on the page of the block after it. */
  summary: boolean;
  /** The first block with a header: printed on the title's page, cut between units if need be. */
  first: boolean;
  /** HTML after the block's own footnotes, inside it (the table's footnotes, under the last block). */
  after: string;
}

function renderBlock(block: TableBlock, id: string, options: BlockOptions): string {
  const layout = resolveBlock(block);
  const { headStart, headEnd, sections, units, fills } = blockParts(block, layout);
  const cells: { col: number; html: string }[][] = Array.from({ length: layout.rows }, () => []);
  for (const placed of layout.cells) {
    const inHead = placed.row >= headStart && placed.row < headEnd;
    // A header cell reaching below the header ends with it: the header repeats on its own.
    const rowSpan = inHead ? Math.min(placed.rowSpan, headEnd - placed.row) : placed.rowSpan;
    cells[placed.row]?.push({
      col: placed.col,
      html: renderCell(placed.cell, rowSpan, placed.colSpan, inHead),
    });
  }
  for (const [row, cols] of fills)
    for (const col of cols) cells[row]?.push({ col, html: '<td class="fill"></td>' });
  const tr = (r: number) =>
    `<tr>${(cells[r] ?? [])
      .sort((a, b) => a.col - b.col)
      .map((c) => c.html)
      .join('')}</tr>`;
  const rowsOf = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => tr(from + i)).join('');

  const colgroup = columnGroup(block.columns, options.widths);
  const caption = block.heading ? `<caption>${escapeLines(block.heading)}</caption>` : '';
  const classes = [
    'block',
    ...(options.flows ? ['flow'] : []),
    ...(options.summary ? ['summary'] : []),
    ...(options.first ? ['first'] : []),
  ];
  const out = [`<div class="${classes.join(' ')}" id="${id}">`];
  // The caption first, then the columns (the order HTML asks for).
  if (headStart > 0) {
    out.push(`<table class="lead">${caption}${colgroup}\n<tbody>${rowsOf(0, headStart)}</tbody></table>`);
  }
  const ends = [...units.slice(1), layout.rows];
  const grouped = units.some((u, i) => (ends[i] ?? u) - u > 1);
  // A unit of several rows (a budget pair) is one row group a page never splits.
  const body = grouped
    ? units.map((u, i) => `<tbody class="unit">${rowsOf(u, ends[i] ?? u)}</tbody>`).join('\n')
    : `<tbody>${rowsOf(headEnd, layout.rows)}</tbody>`;
  const first = headStart === 0 ? caption : '';
  if (sections.end > sections.start) {
    // Section rows inside the head (the 新旧対照表's `1～3 (略)` … `【数値目標】` between 変更後 |
    // 変更前 and its column header rows): a browser repeats one <thead> a table, all of it, and
    // only a short one. So the rows above the sections are this table's head, the sections its
    // body, and the column header rows the head of a table nested under them, with the units: a
    // continued page repeats 変更後 | 変更前 and the column header rows, not the sections.
    out.push(`<table class="framed">${first}${colgroup}`);
    out.push(`<thead>${rowsOf(headStart, sections.start)}</thead>`);
    out.push(`<tbody>${rowsOf(sections.start, sections.end)}</tbody>`);
    out.push(`<tbody class="nest"><tr class="nest"><td class="nest" colspan="${block.columns}">`);
    out.push(`<table>${colgroup}<thead>${rowsOf(sections.end, headEnd)}</thead>`, body, '</table>');
    out.push('</td></tr></tbody></table>');
  } else {
    out.push(`<table>${first}${colgroup}`);
    if (headEnd > headStart) out.push(`<thead>${rowsOf(headStart, headEnd)}</thead>`);
    out.push(body, '</table>');
  }
  if (block.footnotes.length > 0) {
    out.push(
      `<div class="notes">${block.footnotes.map((f) => `<p>${escapeLines(footnoteLine(f))}</p>`).join('')}</div>`,
    );
  }
  if (options.after) out.push(options.after);
  out.push('</div>');
  return out.join('\n');
}

/** The block's columns as the model sizes them, so that a block's tables line up, and the blocks too. */
function columnGroup(columns: number, widths: readonly number[]): string {
  const sizes = Array.from({ length: columns }, (_, i) => widths[i] ?? 10);
  const total = sizes.reduce((sum, w) => sum + w, 0);
  const cols = sizes.map((w) => `<col style="width:${((100 * w) / total).toFixed(2)}%">`);
  return `<colgroup>${cols.join('')}</colgroup>`;
}

function renderCell(cell: TableCell, rowSpan: number, colSpan: number, inHead: boolean): string {
  const isHeader = cell.role === 'header' || cell.role === 'title' || cell.role === 'label';
  const tag = isHeader ? 'th' : 'td';
  const attrs: string[] = [];
  if (isHeader) attrs.push(`scope="${headerScope(cell, inHead, rowSpan, colSpan)}"`);
  if (colSpan > 1) attrs.push(`colspan="${colSpan}"`);
  if (rowSpan > 1) attrs.push(`rowspan="${rowSpan}"`);
  const classes = [
    `r-${cell.role}`,
    ...(cell.align ? [`a-${cell.align}`] : []),
    ...(cell.wrap ? ['wrap'] : []),
  ];
  attrs.push(`class="${classes.join(' ')}"`);
  const content = cell.underline ? `<u>${escapeLines(cell.text)}</u>` : escapeLines(cell.text);
  return `<${tag} ${attrs.join(' ')}>${content}</${tag}>`;
}

/**
 * Header cells of thead describe the columns below them; a label describes the cells to its right
 * (計画期間 | 令和5～7年度); a body header spanning rows (KPI beside ①..⑨) describes that row group.
 */
function headerScope(cell: TableCell, inHead: boolean, rowSpan: number, colSpan: number): string {
  if (inHead) return colSpan > 1 ? 'colgroup' : 'col';
  if (cell.role === 'label') return rowSpan > 1 ? 'rowgroup' : 'row';
  if (rowSpan > 1) return 'rowgroup';
  return colSpan > 1 ? 'colgroup' : 'col';
}

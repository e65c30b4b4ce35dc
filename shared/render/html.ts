import { resolveBlock } from '../tables/grid.ts';
import type { TableBlock, TableCell, TableModel } from '../tables/types.ts';
import { achievementChart } from './html-chart.ts';
import { escapeHtml, escapeLines } from './html-escape.ts';
import { PAGE_STYLE } from './html-style.ts';
import { footnoteLine, leadingHeaderRows, printBlocks } from './layout.ts';

export interface HtmlOptions {
  /** The page title; default: the titles of the tables. */
  title?: string;
  /** Draw the 達成度 chart for project tables (default true). */
  chart?: boolean;
}

/**
 * A standalone page for the city's web site: one <table> per block with caption, thead/tbody,
 * th with scope, the model's spans, footnotes under each block, changed cells in <u>, a print
 * stylesheet for A4 landscape, and an accessible 達成度 chart for project tables.
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
  parts.push(`<h1 id="${id}-title">${escapeHtml(model.title)}</h1>`);
  if (model.subtitle) parts.push(`<p class="subtitle">${escapeLines(model.subtitle)}</p>`);
  printBlocks(model).forEach((block, i) => {
    parts.push(renderBlock(block, `${id}-b${i + 1}`));
  });
  if (model.footnotes.length > 0) {
    parts.push(
      `<div class="notes">${model.footnotes.map((f) => `<p>${escapeLines(footnoteLine(f))}</p>`).join('')}</div>`,
    );
  }
  if (chart && model.kind === 'projects') parts.push(achievementChart(model, `${id}-chart`));
  parts.push('</section>');
  return parts.join('\n');
}

function renderBlock(block: TableBlock, id: string): string {
  const layout = resolveBlock(block);
  const headRows = leadingHeaderRows(block);
  const rows: string[][] = Array.from({ length: layout.rows }, () => []);
  for (const placed of layout.cells) {
    const inHead = placed.row < headRows;
    rows[placed.row]?.push(renderCell(placed.cell, placed.rowSpan, placed.colSpan, inHead));
  }
  const tr = (cells: string[]) => `<tr>${cells.join('')}</tr>`;
  const out = [`<div class="block" id="${id}">`, '<table>'];
  if (block.heading) out.push(`<caption>${escapeLines(block.heading)}</caption>`);
  if (headRows > 0) out.push(`<thead>${rows.slice(0, headRows).map(tr).join('')}</thead>`);
  out.push(`<tbody>${rows.slice(headRows).map(tr).join('')}</tbody>`);
  out.push('</table>');
  if (block.footnotes.length > 0) {
    out.push(
      `<div class="notes">${block.footnotes.map((f) => `<p>${escapeLines(footnoteLine(f))}</p>`).join('')}</div>`,
    );
  }
  out.push('</div>');
  return out.join('\n');
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

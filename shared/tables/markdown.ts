/**
 * Markdown and plain-text renderers of a table model. They only map cells: every figure and label
 * comes from the model. Markdown has no spans: a spanned cell's text sits at its top-left position
 * and the positions it covers are left empty. Underlined cells (新旧対照表) are wrapped in <u>…</u>.
 */
import { denseGrid, layoutBlock } from './grid.ts';
import { displayWidth, padEnd, padStart, wrapText } from './text-width.ts';
import type { TableBlock, TableCell, TableFootnote, TableModel } from './types.ts';

function escapeMarkdown(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function markdownCell(cell: TableCell, anchor: boolean): string {
  if (!anchor || cell.text === '') return '';
  const text = escapeMarkdown(cell.text);
  return cell.underline ? `<u>${text}</u>` : text;
}

const alignMark = (align: TableCell['align']): string =>
  align === 'right' ? '---:' : align === 'center' ? ':---:' : '---';

export function footnoteLine(f: TableFootnote): string {
  return `${f.marker}${f.text}`;
}

/** The lines above a table, as the text renderers print them: label, title, subtitle lines. */
export interface FrameHead {
  /** `別紙2`: above the title, on the right. */
  label: string | undefined;
  title: string;
  subtitle: string[];
  /** The subtitle lines sit on the right (`（単位：千円）`). */
  subtitleRight: boolean;
}

export function frameHeadLines(model: TableModel): FrameHead {
  const label = model.frame?.label;
  return {
    label: label === undefined || label === '' ? undefined : label,
    title: model.title,
    subtitle: model.subtitle ? model.subtitle.split('\n') : [],
    subtitleRight: model.frame?.subtitleAlign === 'right',
  };
}

function markdownBlock(block: TableBlock): string {
  const grid = denseGrid(block);
  const out: string[] = [];
  if (block.heading) out.push(`### ${escapeMarkdown(block.heading)}`, '');
  const [first, ...rest] = grid;
  if (first) {
    out.push(`| ${first.map((p) => markdownCell(p.cell, p.anchor)).join(' | ')} |`);
    // Alignment follows the first row that is not a header (the values), else left.
    const body = rest.find((row) => row.some((p) => p.cell.role === 'value')) ?? first;
    out.push(
      `| ${body.map((p) => alignMark(p.cell.role === 'value' ? p.cell.align : 'left')).join(' | ')} |`,
    );
    for (const row of rest) out.push(`| ${row.map((p) => markdownCell(p.cell, p.anchor)).join(' | ')} |`);
  }
  if (block.footnotes.length > 0) {
    out.push('');
    for (const f of block.footnotes) out.push(`${escapeMarkdown(footnoteLine(f))}  `);
  }
  return out.join('\n');
}

export function renderMarkdown(model: TableModel): string {
  const head = frameHeadLines(model);
  const parts: string[] = [];
  if (head.label !== undefined) parts.push(escapeMarkdown(head.label));
  parts.push(`## ${escapeMarkdown(head.title)}`);
  if (model.subtitle) parts.push(escapeMarkdown(model.subtitle));
  for (const block of [...model.summary, ...model.blocks]) parts.push(markdownBlock(block));
  if (model.footnotes.length > 0)
    parts.push(model.footnotes.map((f) => `${escapeMarkdown(footnoteLine(f))}  `).join('\n'));
  return `${parts.join('\n\n')}\n`;
}

const MAX_COLUMN = 36;
const MIN_COLUMN = 4;

/** Plain text has no underline: a changed cell reads `_25,000千円_`. */
const underlined = (cell: TableCell): string =>
  cell.underline && cell.text !== '' ? `_${cell.text}_` : cell.text;

/**
 * Column widths of a block: the widest single-column cell, capped; then a spanned cell wider than
 * its columns widens the last of them (capped as well) so short tables do not wrap needlessly.
 */
function plainWidths(block: TableBlock): number[] {
  const widths = new Array<number>(block.columns).fill(MIN_COLUMN);
  const placed = layoutBlock(block);
  const widest = (cell: TableCell) => Math.max(...underlined(cell).split('\n').map(displayWidth));
  for (const p of placed) {
    if (p.colSpan === 1)
      widths[p.col] = Math.min(MAX_COLUMN, Math.max(widths[p.col] ?? MIN_COLUMN, widest(p.cell)));
  }
  for (const p of placed) {
    if (p.colSpan === 1) continue;
    const last = p.col + p.colSpan - 1;
    const have = widths.slice(p.col, last + 1).reduce((a, b) => a + b, 0) + 3 * (p.colSpan - 1);
    const lack = Math.min(widest(p.cell), MAX_COLUMN * p.colSpan) - have;
    if (lack > 0) widths[last] = Math.min(MAX_COLUMN, (widths[last] ?? MIN_COLUMN) + lack);
  }
  return widths;
}

function plainBlock(block: TableBlock): string[] {
  const widths = plainWidths(block);
  const placed = layoutBlock(block);
  const rows = block.rows.length;
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const out: string[] = [];
  if (block.heading) out.push(block.heading);
  out.push(border);
  for (let r = 0; r < rows; r++) {
    // Each position shows the lines of the cell anchored in this row; a cell spanning rows from
    // above shows blank lines, so its text is printed once.
    const segments: { width: number; lines: string[]; align: TableCell['align'] }[] = [];
    let col = 0;
    while (col < block.columns) {
      const p = placed.find((c) => c.col === col && c.row <= r && r < c.row + c.rowSpan);
      const span = p?.colSpan ?? 1;
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0) + 3 * (span - 1);
      const text = p && p.row === r ? underlined(p.cell) : '';
      segments.push({ width, lines: wrapText(text, width), align: p?.cell.align });
      col += span;
    }
    const height = Math.max(...segments.map((s) => s.lines.length));
    for (let i = 0; i < height; i++) {
      const line = segments.map((s) => {
        const t = s.lines[i] ?? '';
        return s.align === 'right' ? padStart(t, s.width) : padEnd(t, s.width);
      });
      out.push(`| ${line.join(' | ')} |`);
    }
    out.push(border);
  }
  for (const f of block.footnotes) out.push(footnoteLine(f));
  return out;
}

/**
 * A monospaced rendering for terminals (full-width characters count two columns). The 別紙 label and
 * a right-aligned subtitle (`（単位：千円）`) end at the right edge of the widest block.
 */
export function renderPlainText(model: TableModel): string {
  const head = frameHeadLines(model);
  const blocks = [...model.summary, ...model.blocks].map(plainBlock);
  // The right edge of the widest grid (its border lines), not of a long footnote line.
  const edge = Math.max(
    0,
    ...blocks.flatMap((lines) => lines.filter((l) => l.startsWith('+')).map(displayWidth)),
  );
  const right = (text: string) => padStart(text, edge);
  const out: string[] = [];
  if (head.label !== undefined) out.push(right(head.label));
  out.push(head.title);
  for (const line of head.subtitle) out.push(head.subtitleRight ? right(line) : line);
  for (const lines of blocks) out.push('', ...lines);
  if (model.footnotes.length > 0) out.push('', ...model.footnotes.map(footnoteLine));
  return `${out.join('\n')}\n`;
}

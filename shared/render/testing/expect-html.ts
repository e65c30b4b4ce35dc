import { resolveBlock } from '../../tables/grid.ts';
import { frameHeadLines } from '../../tables/markdown.ts';
import type { TableModel } from '../../tables/types.ts';
import { footnoteLine, printBlocks } from '../layout.ts';
import { blockParts } from '../sheet-blocks.ts';
import { type El, findAll, findFirst, parseHtml } from './html-dom.ts';

/**
 * Compares an HTML page parsed with parse5 with its table models: each table's frame (a
 * <header class="frame">: the 別紙 label as a p.frame-label, the title as its h1, each subtitle
 * line a p.subtitle, with class a-right where the frame puts it on the right), one block (a <div class="block">
 * holding its <table>, or two when the rows above its column header print apart) per block in
 * order, its caption, every cell's text, tag (th for headers and labels), colspan/rowspan, <u>
 * exactly on changed cells, and the footnotes under each block. A header cell spanning the rows
 * below its header ends with the header; the empty `td.fill` cells under it are not model cells.
 * Returns the differences (empty = equal).
 */
export function htmlDifferences(html: string, models: TableModel[]): string[] {
  const diffs: string[] = [];
  const doc = parseHtml(html);
  const frames = findAll(doc, 'header').filter((h) => h.attrs.class === 'frame');
  if (frames.length !== models.length) diffs.push(`${frames.length} frames, want ${models.length}`);
  models.forEach((model, m) => {
    const frame = frames[m];
    if (frame) diffs.push(...frameDifferences(frame, model, `table ${m + 1}`));
  });
  const blockDivs = findAll(doc, 'div').filter((d) => (d.attrs.class ?? '').split(' ').includes('block'));
  const blocks = models.flatMap((m) => printBlocks(m));
  if (blockDivs.length !== blocks.length) diffs.push(`${blockDivs.length} blocks, want ${blocks.length}`);
  blocks.forEach((block, b) => {
    const div = blockDivs[b];
    if (!div) return;
    const where = `block ${block.id}`;
    const caption = findFirst(div, 'caption');
    if ((caption?.text ?? null) !== (block.heading ?? null))
      diffs.push(`${where}: caption "${caption?.text}" ≠ "${block.heading}"`);
    // A table nested under a head's section rows sits in a row of its own (tr.nest), no model row.
    const rows = findAll(div, 'tr').filter((tr) => tr.attrs.class !== 'nest');
    const layout = resolveBlock(block);
    const { headStart, headEnd } = blockParts(block, layout);
    if (rows.length !== layout.rows) diffs.push(`${where}: ${rows.length} rows ≠ ${layout.rows}`);
    rows.forEach((tr, r) => {
      const want = layout.cells.filter((p) => p.row === r);
      const got = tr.children.filter((c) => (c.tag === 'td' || c.tag === 'th') && c.attrs.class !== 'fill');
      if (got.length !== want.length) diffs.push(`${where} row ${r}: ${got.length} cells ≠ ${want.length}`);
      want.forEach((placed, i) => {
        const el = got[i];
        const at = `${where} row ${r} cell ${i}`;
        if (!el) return;
        const { cell } = placed;
        const tag = cell.role === 'header' || cell.role === 'title' || cell.role === 'label' ? 'th' : 'td';
        if (el.tag !== tag) diffs.push(`${at}: <${el.tag}> ≠ <${tag}>`);
        if (tag === 'th' && !el.attrs.scope) diffs.push(`${at}: th without scope`);
        if (el.text !== cell.text) diffs.push(`${at}: "${el.text}" ≠ "${cell.text}"`);
        if (Number(el.attrs.colspan ?? 1) !== placed.colSpan)
          diffs.push(`${at}: colspan ${el.attrs.colspan}`);
        const inHead = placed.row >= headStart && placed.row < headEnd;
        const rowSpan = inHead ? Math.min(placed.rowSpan, headEnd - placed.row) : placed.rowSpan;
        if (Number(el.attrs.rowspan ?? 1) !== rowSpan) diffs.push(`${at}: rowspan ${el.attrs.rowspan}`);
        const underlined = el.children.some((c) => c.tag === 'u');
        if (underlined !== (cell.underline === true)) diffs.push(`${at}: underline ${underlined}`);
      });
    });
    // The table's own footnotes print inside the last block (class table-notes): not the block's.
    const notes = findAll(div, 'div')
      .filter((d) => d.attrs.class === 'notes')
      .flatMap((d) => findAll(d, 'p'))
      .map((p: El) => p.text);
    const wantNotes = block.footnotes.map(footnoteLine);
    if (JSON.stringify(notes) !== JSON.stringify(wantNotes))
      diffs.push(`${where}: footnotes ${JSON.stringify(notes)} ≠ ${JSON.stringify(wantNotes)}`);
  });
  return diffs;
}

/** The frame of one table: label, title and subtitle lines, in this order, nothing else. */
function frameDifferences(frame: El, model: TableModel, where: string): string[] {
  const diffs: string[] = [];
  const head = frameHeadLines(model);
  const want = [
    ...(head.label === undefined ? [] : [{ tag: 'p', cls: 'frame-label', text: head.label }]),
    { tag: 'h1', cls: undefined, text: head.title },
    ...head.subtitle.map((text) => ({
      tag: 'p',
      cls: head.subtitleRight ? 'subtitle a-right' : 'subtitle',
      text,
    })),
  ];
  const got = frame.children;
  if (got.length !== want.length) diffs.push(`${where} frame: ${got.length} lines ≠ ${want.length}`);
  want.forEach((w, i) => {
    const el = got[i];
    if (!el) return;
    if (el.tag !== w.tag || el.attrs.class !== w.cls || el.text !== w.text)
      diffs.push(
        `${where} frame line ${i + 1}: <${el.tag} class="${el.attrs.class ?? ''}">${el.text} ≠ <${w.tag} class="${w.cls ?? ''}">${w.text}`,
      );
  });
  return diffs;
}

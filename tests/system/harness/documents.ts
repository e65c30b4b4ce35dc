import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import { type DefaultTreeAdapterMap, parse as parseHtml } from 'parse5';

/** Exported files read back with libraries other than the ones that wrote them. */

type Node = DefaultTreeAdapterMap['node'];

export interface HtmlFacts {
  /** Every element name in the document. */
  elements: Set<string>;
  /** Attribute names of every element, e.g. onerror. */
  attributes: Set<string>;
  /** Text of every text node (in document order, joined without separators). */
  text: string;
  /** Text of each element's text nodes, one entry per text node. */
  textNodes: string[];
}

export function readHtml(html: string): HtmlFacts {
  const facts: HtmlFacts = { elements: new Set(), attributes: new Set(), text: '', textNodes: [] };
  const walk = (node: Node) => {
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterMap['textNode']).value;
      facts.textNodes.push(value);
      facts.text += value;
      return;
    }
    if ('tagName' in node) {
      facts.elements.add(node.tagName);
      for (const a of node.attrs) facts.attributes.add(a.name);
      if (node.tagName === 'template') walk((node as DefaultTreeAdapterMap['template']).content);
    }
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(parseHtml(html));
  return facts;
}

export function readCsv(bytes: Uint8Array): string[][] {
  const text = new TextDecoder().decode(bytes);
  return parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
}

export interface XlsxCell {
  sheet: string;
  ref: string;
  /** t attribute: inlineStr, s (shared string), str (formula result), n, b… */
  type: string | null;
  text: string;
  formula: string | null;
}

/** Every cell of every worksheet, with its type, its text and any formula. */
export async function readXlsx(bytes: Uint8Array): Promise<XlsxCell[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['row', 'c', 'si', 'r'].includes(name),
    parseTagValue: false,
    trimValues: false,
  });
  const textOf = (node: unknown): string => {
    if (node === undefined || node === null) return '';
    if (typeof node === 'string' || typeof node === 'number') return String(node);
    const n = node as Record<string, unknown>;
    if ('#text' in n) return String(n['#text']);
    if (Array.isArray(n.r)) return n.r.map((r) => textOf((r as Record<string, unknown>).t)).join('');
    return textOf(n.t);
  };
  const sharedFile = zip.file('xl/sharedStrings.xml');
  const shared: string[] = [];
  if (sharedFile) {
    const sst = xml.parse(await sharedFile.async('string')) as { sst?: { si?: unknown[] } };
    for (const si of sst.sst?.si ?? []) shared.push(textOf(si));
  }
  const cells: XlsxCell[] = [];
  const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
  for (const name of sheets) {
    const doc = xml.parse(await zip.file(name)!.async('string')) as {
      worksheet: { sheetData?: { row?: { c?: Record<string, unknown>[] }[] } };
    };
    for (const row of doc.worksheet.sheetData?.row ?? [])
      for (const c of row.c ?? []) {
        const type = (c['@t'] as string | undefined) ?? null;
        const text =
          type === 'inlineStr'
            ? textOf(c.is)
            : type === 's'
              ? (shared[Number(textOf(c.v))] ?? '')
              : textOf(c.v);
        cells.push({
          sheet: name,
          ref: String(c['@r']),
          type,
          text,
          formula: c.f === undefined ? null : textOf(c.f),
        });
      }
  }
  return cells;
}

/** The text of each table row (<tr>) of an HTML page, cell by cell (th and td). */
export function readHtmlRows(html: string): string[][] {
  const rows: string[][] = [];
  const textOf = (node: Node): string => {
    if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
    if ('tagName' in node && node.tagName === 'br') return '\n';
    return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
  };
  const walk = (node: Node) => {
    if ('tagName' in node && node.tagName === 'tr') {
      rows.push(
        node.childNodes
          .filter((c) => 'tagName' in c && (c.tagName === 'td' || c.tagName === 'th'))
          .map((c) => textOf(c).trim()),
      );
      return;
    }
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(parseHtml(html));
  return rows;
}

/** xlsx cells as rows of text per sheet, in column order (empty cells left out). */
export function xlsxRows(cells: readonly XlsxCell[]): string[][] {
  const rows = new Map<string, { col: number; text: string }[]>();
  const colOf = (ref: string) =>
    [...(/^[A-Z]+/.exec(ref)?.[0] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  for (const c of cells) {
    const key = `${c.sheet}#${/\d+$/.exec(c.ref)?.[0]}`;
    rows.set(key, [...(rows.get(key) ?? []), { col: colOf(c.ref), text: c.text }]);
  }
  return [...rows.values()].map((r) => r.sort((a, b) => a.col - b.col).map((x) => x.text));
}

import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

/**
 * A second xlsx reader for tests, independent of exceljs: jszip opens the package and
 * fast-xml-parser reads the sheet XML, the shared strings, the merges and the styles.
 */

export interface ReadCell {
  address: string;
  row: number;
  col: number;
  /** 's' shared string, 'n' number, 'str' formula string, 'inlineStr', 'b' boolean. */
  type: string;
  /** The raw stored value: the string itself for text, the digits of <v> for numbers. */
  value: string;
  formula: string | null;
  underline: boolean;
  bold: boolean;
  wrap: boolean;
  /**
   * The cell's horizontal alignment (`right`, `center`, `left`), null for Excel's general one;
   * left out by readers that do not see it (the add-in's fake workbook read back).
   */
  horizontal?: string | null;
  numFmt: string;
  fontName: string | null;
}

export interface ReadSheet {
  name: string;
  cells: Map<string, ReadCell>;
  merges: string[];
  columnWidths: number[];
  pageSetup: Record<string, string>;
  printTitles: string | null;
  /** Manual page breaks: the 0-based rows they go above (`<brk id>`). */
  rowBreaks: number[];
  /** Row heights by 1-based row number, as written (read from xlsx files only). */
  rowHeights?: Map<number, number>;
}

const BUILTIN_FORMATS: Record<string, string> = {
  '0': 'General',
  '1': '0',
  '2': '0.00',
  '3': '#,##0',
  '49': '@',
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) =>
    [
      'sheet',
      'si',
      'r',
      'row',
      'c',
      'mergeCell',
      'font',
      'xf',
      'numFmt',
      'col',
      'definedName',
      'Relationship',
      'brk',
    ].includes(name),
});

type Node = Record<string, unknown>;
const asNode = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});
const asList = (v: unknown): Node[] =>
  Array.isArray(v) ? v.map(asNode) : v === undefined ? [] : [asNode(v)];
const text = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number'
      ? String(v)
      : v && typeof v === 'object'
        ? text((v as Node)['#text'] ?? '')
        : '';
const attr = (n: Node, name: string): string | undefined => {
  const v = n[`@_${name}`];
  return v === undefined ? undefined : String(v);
};

/** 'B12' → { row: 12, col: 2 }. */
export function decodeAddress(address: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address);
  if (!m) throw new Error(`bad address ${address}`);
  const col = [...(m[1] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(m[2]), col };
}

export function encodeAddress(row: number, col: number): string {
  let letters = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26))
    letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return `${letters}${row}`;
}

async function xml(zip: JSZip, path: string): Promise<Node> {
  const file = zip.file(path);
  if (!file) return {};
  return asNode(parser.parse(await file.async('string')));
}

export async function readXlsx(data: Uint8Array): Promise<ReadSheet[]> {
  const zip = await JSZip.loadAsync(data);
  const workbook = asNode((await xml(zip, 'xl/workbook.xml')).workbook);
  const rels = asList(asNode((await xml(zip, 'xl/_rels/workbook.xml.rels')).Relationships).Relationship);
  const strings = asList(asNode((await xml(zip, 'xl/sharedStrings.xml')).sst).si).map((si) =>
    si.t !== undefined
      ? text(si.t)
      : asList(si.r)
          .map((r) => text(r.t))
          .join(''),
  );
  const styles = asNode((await xml(zip, 'xl/styles.xml')).styleSheet);
  const numFmts = new Map(
    asList(asNode(styles.numFmts).numFmt).map((f) => [attr(f, 'numFmtId'), attr(f, 'formatCode')]),
  );
  const fonts = asList(asNode(styles.fonts).font);
  const xfs = asList(asNode(styles.cellXfs).xf);
  const defined = asList(asNode(workbook.definedNames).definedName);

  const sheets: ReadSheet[] = [];
  for (const [index, sheetNode] of asList(asNode(workbook.sheets).sheet).entries()) {
    const name = attr(sheetNode, 'name') ?? '';
    const rel = rels.find((r) => attr(r, 'Id') === attr(sheetNode, 'r:id'));
    const target = (attr(rel ?? {}, 'Target') ?? '').replace(/^\/?(xl\/)?/, '');
    const ws = asNode((await xml(zip, `xl/${target}`)).worksheet);
    const cells = new Map<string, ReadCell>();
    const rowHeights = new Map<number, number>();
    for (const row of asList(asNode(ws.sheetData).row)) {
      if (attr(row, 'ht') !== undefined) rowHeights.set(Number(attr(row, 'r')), Number(attr(row, 'ht')));
      for (const c of asList(row.c)) {
        const address = attr(c, 'r') ?? '';
        const type = attr(c, 't') ?? 'n';
        const raw = text(c.v);
        if (c.v === undefined && c.is === undefined && c.f === undefined) continue;
        const value =
          type === 's' ? (strings[Number(raw)] ?? '') : type === 'inlineStr' ? text(asNode(c.is).t) : raw;
        const xf = xfs[Number(attr(c, 's') ?? 0)] ?? {};
        const font = fonts[Number(attr(xf, 'fontId') ?? 0)] ?? {};
        const fmtId = attr(xf, 'numFmtId') ?? '0';
        cells.set(address, {
          address,
          ...decodeAddress(address),
          type,
          value,
          formula: c.f === undefined ? null : text(c.f),
          underline: font.u !== undefined,
          bold: font.b !== undefined,
          wrap: attr(asNode(xf.alignment), 'wrapText') === '1',
          horizontal: attr(asNode(xf.alignment), 'horizontal') ?? null,
          numFmt: numFmts.get(fmtId) ?? BUILTIN_FORMATS[fmtId] ?? `builtin:${fmtId}`,
          fontName: attr(asNode(font.name), 'val') ?? null,
        });
      }
    }
    const printTitles = defined.find(
      (d) => attr(d, 'name') === '_xlnm.Print_Titles' && attr(d, 'localSheetId') === String(index),
    );
    const pageSetupNode = asNode(ws.pageSetup);
    sheets.push({
      name,
      cells,
      merges: asList(asNode(ws.mergeCells).mergeCell).map((m) => attr(m, 'ref') ?? ''),
      columnWidths: asList(asNode(ws.cols).col).flatMap((col) =>
        Array.from({ length: Number(attr(col, 'max')) - Number(attr(col, 'min')) + 1 }, () =>
          Number(attr(col, 'width')),
        ),
      ),
      pageSetup: {
        ...Object.fromEntries(
          Object.keys(pageSetupNode).map((k) => [k.replace(/^@_/, ''), String(pageSetupNode[k])]),
        ),
        fitToPage: attr(asNode(asNode(ws.sheetPr).pageSetUpPr), 'fitToPage') ?? '0',
      },
      printTitles: printTitles ? text(printTitles) : null,
      rowBreaks: asList(asNode(ws.rowBreaks).brk).map((b) => Number(attr(b, 'id'))),
      rowHeights,
    });
  }
  return sheets;
}

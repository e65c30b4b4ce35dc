import type { TableModel } from '../tables/types.ts';
import { SHEET_NAMES } from './layout.ts';
import { DEFAULT_FONT, DEFAULT_FONT_SIZE, layoutSheet } from './sheet-layout.ts';
import { worksheetXml } from './xlsx-sheet.ts';
import { StyleRegistry } from './xlsx-styles.ts';
import { escapeXml, XML_HEADER } from './xml.ts';
import { ZipWriter } from './zip.ts';

export interface XlsxOptions {
  /** Font name; default Yu Gothic (Excel falls back to a Japanese font such as MS PGothic where missing). */
  fontName?: string;
  /** Font size in points; default 10. */
  fontSize?: number;
  creator?: string;
  /** Creation time recorded in the file; fixed in tests for reproducible output. */
  created?: Date;
  /**
   * An XML document kept in the workbook as a custom XML part (customXml/item1.xml): not shown, not
   * printed, kept by Excel when the file is saved (the import reads the plan's identity there).
   */
  customXml?: string;
}

/**
 * A formatted workbook, one sheet per table, each the table's sheet layout (sheet-layout.ts, the
 * one the add-in writes into the open workbook too) rendered as SpreadsheetML: merged cells as the
 * model's spans say, borders, number formats, column widths, wrapped long texts, footnotes under
 * each block, the 新旧対照表's changed cells underlined, A4 landscape fit to one page wide with the
 * rows the layout repeats on every page and a manual page break wherever it cut the pages (no
 * block or budget pair split), page numbers, a Japanese font.
 *
 * Written directly and deflated while it is produced (zip.ts), not with exceljs:
 * exceljs holds the whole workbook and its XML in memory, and a 15,000-row cycle needed more than
 * 128 MB of heap — more than a Worker has (see `npm run bench:export`). This writer stays within a
 * few megabytes. exceljs still reads workbooks on import.
 */
export async function renderXlsx(
  models: TableModel[],
  options: XlsxOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const font = { name: options.fontName ?? DEFAULT_FONT, size: options.fontSize ?? DEFAULT_FONT_SIZE };
  const created = options.created ?? new Date();
  const styles = new StyleRegistry(font);
  const names = sheetNames(models);
  const zip = new ZipWriter(created);
  const titleRows: { start: number; end: number }[] = [];
  // One sheet's layout at a time: a 15,000-row table's is held only while its sheet is written.
  for (const [i, model] of models.entries()) {
    const layout = layoutSheet(model, { fontName: font.name, fontSize: font.size });
    titleRows.push(layout.print.titleRows);
    await zip.add(`xl/worksheets/sheet${i + 1}.xml`, batched(worksheetXml(layout, styles)));
  }
  // The style list is complete only once every sheet is written.
  await zip.add('xl/styles.xml', [styles.xml()]);
  await zip.add('xl/workbook.xml', [workbookXml(names, titleRows)]);
  const custom = options.customXml !== undefined;
  if (custom) {
    await zip.add('customXml/item1.xml', [options.customXml!]);
    await zip.add('customXml/itemProps1.xml', [CUSTOM_XML_PROPS]);
    await zip.add('customXml/_rels/item1.xml.rels', [CUSTOM_XML_RELS]);
  }
  await zip.add('xl/_rels/workbook.xml.rels', [workbookRels(models.length, custom)]);
  await zip.add('[Content_Types].xml', [contentTypes(models.length, custom)]);
  await zip.add('_rels/.rels', [ROOT_RELS]);
  await zip.add('docProps/core.xml', [coreProps(options.creator ?? 'Shinchoku', created)]);
  await zip.add('docProps/app.xml', [APP_PROPS]);
  return zip.finish();
}

/** Joins small pieces into ~64 KB strings: fewer, larger writes to the compressor. */
function* batched(pieces: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/** Japanese sheet names by table kind; unique, at most 31 characters, none of : \ / ? * [ ]. */
function sheetNames(models: TableModel[]): string[] {
  const used = new Set<string>();
  return models.map((model) => {
    const clean = SHEET_NAMES[model.kind].replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
    let name = clean;
    for (let n = 2; used.has(name); n++) name = `${clean.slice(0, 26)} (${n})`;
    used.add(name);
    return name;
  });
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

function workbookXml(names: string[], titleRows: { start: number; end: number }[]): string {
  const sheets = names.map(
    (name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  );
  const titles = names.flatMap((name, i) => {
    const rows = titleRows[i];
    if (!rows || rows.end <= rows.start) return [];
    return [
      `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">` +
        `${escapeXml(`'${name.replace(/'/g, "''")}'`)}!$${rows.start + 1}:$${rows.end}</definedName>`,
    ];
  });
  return (
    `${XML_HEADER}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews>` +
    `<sheets>${sheets.join('')}</sheets>` +
    (titles.length > 0 ? `<definedNames>${titles.join('')}</definedNames>` : '') +
    '</workbook>'
  );
}

function workbookRels(sheets: number, customXml: boolean): string {
  const rels = Array.from(
    { length: sheets },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  rels.push(`<Relationship Id="rId${sheets + 1}" Type="${REL}/styles" Target="styles.xml"/>`);
  if (customXml)
    rels.push(
      `<Relationship Id="rId${sheets + 2}" Type="${REL}/customXml" Target="../customXml/item1.xml"/>`,
    );
  return `${XML_HEADER}<Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`;
}

/** The custom XML part's properties, as Excel writes them (a fixed item id: the output stays reproducible). */
const CUSTOM_XML_PROPS =
  `${XML_HEADER}<ds:datastoreItem ds:itemID="{6F1C2D3E-5A4B-4C8D-9E0F-1A2B3C4D5E6F}"` +
  ' xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>';

const CUSTOM_XML_RELS =
  `${XML_HEADER}<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>`;

function contentTypes(sheets: number, customXml: boolean): string {
  const ct = 'application/vnd.openxmlformats-officedocument';
  const overrides = Array.from(
    { length: sheets },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`,
  );
  return (
    `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>` +
    overrides.join('') +
    `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>` +
    (customXml
      ? `<Override PartName="/customXml/itemProps1.xml" ContentType="${ct}.customXmlProperties+xml"/>`
      : '') +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/>` +
    '</Types>'
  );
}

const ROOT_RELS =
  `${XML_HEADER}<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
  `<Relationship Id="rId2" Type="${PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
  '</Relationships>';

const APP_PROPS =
  `${XML_HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
  '<Application>Shinchoku</Application></Properties>';

function coreProps(creator: string, created: Date): string {
  const when = `${created.toISOString().slice(0, 19)}Z`;
  return (
    `${XML_HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${escapeXml(creator)}</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

import { HEADER_FILL, LABEL_FILL } from './sheet-looks.ts';
import type { CellLook, SheetFont } from './sheet-types.ts';
import { escapeXml, XML_HEADER } from './xml.ts';

/**
 * The cell formats of the workbook (styles.xml): each distinct look is registered once and cells
 * refer to it by index, so 100,000 cells share a few dozen formats. Ids follow first use.
 */

interface Font {
  bold: boolean;
  underline: boolean;
  size: number;
}

interface Format {
  font: number;
  fill: number;
  border: number;
  numFmt: number;
  horizontal?: 'left' | 'center' | 'right';
  vertical: 'top' | 'center' | 'bottom';
  wrap: boolean;
}

/** ARGB; the first two are required by Excel, the greys of the report's looks are always listed. */
const FILLS = ['none', 'gray125', `FF${HEADER_FILL}`, `FF${LABEL_FILL}`];
const BUILTIN_FORMATS: Readonly<Record<string, number>> = { General: 0, '@': 49 };

export class StyleRegistry {
  readonly #font: SheetFont;
  readonly #fonts: Font[] = [];
  readonly #fills = [...FILLS];
  readonly #fontIds = new Map<string, number>();
  readonly #numFmts = new Map<string, number>();
  readonly #formats: Format[] = [];
  readonly #formatIds = new Map<string, number>();
  /** By look object, then number format: a layout's cells share their looks. */
  readonly #styleIds = new Map<CellLook, Map<string, number>>();
  #covered: number | undefined;

  constructor(font: SheetFont) {
    this.#font = font;
    // Format 0 (every cell without one) uses the Japanese body font too.
    this.#format({ font: this.#fontId({}), fill: 0, border: 0, numFmt: 0, vertical: 'bottom', wrap: false });
  }

  #fontId(f: Partial<Font>): number {
    const font: Font = { bold: false, underline: false, size: this.#font.size, ...f };
    const key = JSON.stringify(font);
    let id = this.#fontIds.get(key);
    if (id === undefined) {
      id = this.#fonts.push(font) - 1;
      this.#fontIds.set(key, id);
    }
    return id;
  }

  #numFmtId(code: string): number {
    const builtin = BUILTIN_FORMATS[code];
    if (builtin !== undefined) return builtin;
    let id = this.#numFmts.get(code);
    if (id === undefined) {
      id = 164 + this.#numFmts.size;
      this.#numFmts.set(code, id);
    }
    return id;
  }

  #format(f: Format): number {
    const key = JSON.stringify(f);
    let id = this.#formatIds.get(key);
    if (id === undefined) {
      id = this.#formats.push(f) - 1;
      this.#formatIds.set(key, id);
    }
    return id;
  }

  #fillId(rgb: string | null): number {
    if (rgb === null) return 0;
    const argb = `FF${rgb}`;
    const known = this.#fills.indexOf(argb);
    return known >= 0 ? known : this.#fills.push(argb) - 1;
  }

  /** The format of a cell of this look showing its value through `numberFormat`. */
  style(look: CellLook, numberFormat: string): number {
    let byFormat = this.#styleIds.get(look);
    if (!byFormat) {
      byFormat = new Map();
      this.#styleIds.set(look, byFormat);
    }
    let id = byFormat.get(numberFormat);
    if (id === undefined) {
      id = this.#register(look, numberFormat);
      byFormat.set(numberFormat, id);
    }
    return id;
  }

  #register(look: CellLook, numberFormat: string): number {
    const font = this.#fontId({ bold: look.bold, underline: look.underline, size: look.size });
    return this.#format({
      font,
      fill: this.#fillId(look.fill),
      border: look.border ? 1 : 0,
      numFmt: this.#numFmtId(numberFormat),
      ...(look.horizontal ? { horizontal: look.horizontal } : {}),
      vertical: look.vertical,
      wrap: look.wrap,
    });
  }

  /** A position covered by a merge: it carries the border so the whole merged area is framed. */
  covered(): number {
    this.#covered ??= this.#format({
      font: 0,
      fill: 0,
      border: 1,
      numFmt: 0,
      vertical: 'center',
      wrap: false,
    });
    return this.#covered;
  }

  /** styles.xml */
  xml(): string {
    const fontName = escapeXml(this.#font.name);
    return (
      `${XML_HEADER}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      (this.#numFmts.size > 0 ? list('numFmts', [...this.#numFmts].map(numFmtXml)) : '') +
      list(
        'fonts',
        this.#fonts.map((f) => fontXml(f, fontName)),
      ) +
      list('fills', this.#fills.map(fillXml)) +
      list('borders', BORDERS) +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list('cellXfs', this.#formats.map(formatXml)) +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

const list = (tag: string, items: string[]) => `<${tag} count="${items.length}">${items.join('')}</${tag}>`;

const numFmtXml = ([code, id]: [string, number]) =>
  `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`;

const fontXml = (f: Font, name: string) =>
  `<font>${f.bold ? '<b/>' : ''}${f.underline ? '<u/>' : ''}<sz val="${f.size}"/>` +
  `<color rgb="FF000000"/><name val="${name}"/><family val="3"/><charset val="128"/></font>`;

const fillXml = (argb: string) =>
  argb === 'none' || argb === 'gray125'
    ? `<fill><patternFill patternType="${argb}"/></fill>`
    : `<fill><patternFill patternType="solid"><fgColor rgb="${argb}"/><bgColor indexed="64"/></patternFill></fill>`;

const thin = (side: string) => `<${side} style="thin"><color rgb="FF000000"/></${side}>`;
/** None, and thin black on every side. */
const BORDERS = [
  '<border><left/><right/><top/><bottom/><diagonal/></border>',
  `<border>${thin('left')}${thin('right')}${thin('top')}${thin('bottom')}<diagonal/></border>`,
];

function formatXml(f: Format): string {
  const horizontal = f.horizontal ? ` horizontal="${f.horizontal}"` : '';
  const align = `<alignment${horizontal} vertical="${f.vertical}"${f.wrap ? ' wrapText="1"' : ''}/>`;
  return (
    `<xf numFmtId="${f.numFmt}" fontId="${f.font}" fillId="${f.fill}" borderId="${f.border}" xfId="0"` +
    ' applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">' +
    `${align}</xf>`
  );
}

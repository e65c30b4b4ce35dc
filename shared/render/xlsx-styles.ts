import type { TableCell } from '../tables/types.ts';
import { escapeXml, XML_HEADER } from './xml.ts';

/**
 * The cell formats of the workbook (styles.xml): each distinct look is registered once and cells
 * refer to it by index, so 100,000 cells share a few dozen formats.
 */

/** The font of the published reports' Excel files; Excel substitutes a Japanese font where it is missing. */
export const DEFAULT_FONT = 'Yu Gothic';

export interface FontChoice {
  name: string;
  size: number;
}

export type LineKind = 'title' | 'subtitle' | 'heading' | 'footnote';

interface Font {
  bold: boolean;
  underline: boolean;
  size: number;
  color?: string;
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

const FILLS = ['none', 'gray125', 'FFF2F2F2', 'FFF9F9F9'] as const;
const HEADER_FILL = 2;
const LABEL_FILL = 3;
const BUILTIN_FORMATS: Readonly<Record<string, number>> = { General: 0, '@': 49 };

export class StyleRegistry {
  readonly #font: FontChoice;
  readonly #fonts: Font[] = [];
  readonly #fontIds = new Map<string, number>();
  readonly #numFmts = new Map<string, number>();
  readonly #formats: Format[] = [];
  readonly #formatIds = new Map<string, number>();

  constructor(font: FontChoice) {
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

  /** Lines outside the grid: titles, block headings, footnotes (wrapped). */
  line(kind: LineKind): number {
    const size = this.#font.size;
    const font =
      kind === 'title'
        ? this.#fontId({ bold: true, size: size + 3 })
        : kind === 'heading'
          ? this.#fontId({ bold: true, size: size + 1 })
          : this.#fontId(kind === 'footnote' ? { size: size - 1 } : {});
    const vertical = kind === 'footnote' ? 'top' : kind === 'heading' ? 'bottom' : 'center';
    return this.#format({ font, fill: 0, border: 0, numFmt: 49, vertical, wrap: kind === 'footnote' });
  }

  /** A grid cell: role, alignment, wrap, number format (or text), the 新旧対照表 underline. */
  cell(cell: TableCell, wrap: boolean, asNumber: boolean): number {
    const header = cell.role === 'header' || cell.role === 'title';
    const font = this.#fontId({
      bold: header,
      underline: cell.underline === true,
      size: cell.role === 'note' ? this.#font.size - 1 : this.#font.size,
    });
    return this.#format({
      font,
      fill: header ? HEADER_FILL : cell.role === 'label' ? LABEL_FILL : 0,
      border: 1,
      numFmt: this.#numFmtId(asNumber ? (cell.numberFormat ?? 'General') : '@'),
      horizontal: cell.align ?? (header ? 'center' : cell.role === 'value' ? 'right' : 'left'),
      vertical: cell.role === 'text' ? 'top' : 'center',
      wrap,
    });
  }

  /** A position covered by a merge: it carries the border so the whole merged area is framed. */
  covered(): number {
    return this.#format({ font: 0, fill: 0, border: 1, numFmt: 0, vertical: 'center', wrap: false });
  }

  /** styles.xml */
  xml(): string {
    const numFmts = [...this.#numFmts].map(
      ([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`,
    );
    const fonts = this.#fonts.map(
      (f) =>
        `<font>${f.bold ? '<b/>' : ''}${f.underline ? '<u/>' : ''}<sz val="${f.size}"/>` +
        `<color rgb="FF000000"/><name val="${escapeXml(this.#font.name)}"/><family val="3"/><charset val="128"/></font>`,
    );
    const fills = FILLS.map((f) =>
      f === 'none' || f === 'gray125'
        ? `<fill><patternFill patternType="${f}"/></fill>`
        : `<fill><patternFill patternType="solid"><fgColor rgb="${f}"/><bgColor indexed="64"/></patternFill></fill>`,
    );
    const thin = (side: string) => `<${side} style="thin"><color rgb="FF000000"/></${side}>`;
    const borders = [
      '<border><left/><right/><top/><bottom/><diagonal/></border>',
      `<border>${thin('left')}${thin('right')}${thin('top')}${thin('bottom')}<diagonal/></border>`,
    ];
    const xfs = this.#formats.map((f) => {
      const align = `<alignment${f.horizontal ? ` horizontal="${f.horizontal}"` : ''} vertical="${f.vertical}"${f.wrap ? ' wrapText="1"' : ''}/>`;
      return (
        `<xf numFmtId="${f.numFmt}" fontId="${f.font}" fillId="${f.fill}" borderId="${f.border}" xfId="0"` +
        ' applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">' +
        `${align}</xf>`
      );
    });
    const list = (tag: string, items: string[]) =>
      `<${tag} count="${items.length}">${items.join('')}</${tag}>`;
    return (
      `${XML_HEADER}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      (numFmts.length > 0 ? list('numFmts', numFmts) : '') +
      list('fonts', fonts) +
      list('fills', fills) +
      list('borders', borders) +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list('cellXfs', xfs) +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

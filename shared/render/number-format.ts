import { decimal, normalize, parseDecimal, round, sign, toPlainString } from '../decimal.ts';

/**
 * What Excel shows for a stored number under a number format, for the subset of format codes the
 * table models use: sections `pos;neg;zero`, quoted literals, `#,##0`, fixed decimals `0.0`,
 * `General` and `@`. The xlsx writer stores a cell as a number only when its format shows exactly
 * the printed text (else as text: the printed table wins); tests check every number cell with it.
 * Returns null for a format code it does not understand.
 */
export function displayNumber(stored: string, formatCode: string): string | null {
  if (parseDecimal(stored) === null) return null;
  if (formatCode === '@') return stored;
  // General shows the shortest form: 50.0 → 50 (long numbers aside, which the tables do not print).
  if (formatCode === 'General') return toPlainString(normalize(decimal(stored)));
  return display(stored, formatCode);
}

/** True when a number cell stored with this format shows the printed text to the letter. */
export function formatShows(number: string, formatCode: string | undefined, text: string): boolean {
  return displayNumber(number, formatCode ?? 'General') === text;
}

function display(stored: string, formatCode: string): string | null {
  const sections = splitSections(formatCode);
  const value = decimal(stored);
  const s = sign(value);
  let section = sections[0] ?? '';
  let negativeSection = false;
  if (s < 0 && sections.length >= 2) {
    section = sections[1] ?? '';
    negativeSection = true;
  } else if (s === 0 && sections.length >= 3) section = sections[2] ?? '';
  const magnitude = negativeSection ? toPlainString({ units: -value.units, scale: value.scale }) : stored;
  return renderSection(magnitude, section);
}

function splitSections(code: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of code) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      sections.push(current);
      current = '';
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

function renderSection(value: string, section: string): string | null {
  let out = '';
  let i = 0;
  let numberDone = false;
  while (i < section.length) {
    const ch = section[i] ?? '';
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      if (end < 0) return null;
      out += section.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '\\') {
      out += section[i + 1] ?? '';
      i += 2;
    } else if (/[#0,.]/.test(ch)) {
      const m = /^[#0,]*(\.0+)?/.exec(section.slice(i));
      const pattern = m?.[0] ?? '';
      if (numberDone || pattern === '') return null;
      out += renderDigits(value, pattern);
      numberDone = true;
      i += pattern.length;
    } else if (ch === '-' || ch === '+' || ch === ' ' || ch === '(' || ch === ')') {
      out += ch;
      i++;
    } else {
      return null;
    }
  }
  return out;
}

function renderDigits(value: string, pattern: string): string {
  const decimals = (pattern.split('.')[1] ?? '').length;
  const grouped = pattern.includes(',');
  const rounded = toPlainString(round(decimal(value), decimals));
  const negative = rounded.startsWith('-');
  const [intPart = '0', frac = ''] = rounded.replace(/^-/, '').split('.');
  const int = grouped ? intPart.replace(/\B(?=(\d{3})+$)/g, ',') : intPart;
  const fraction = decimals > 0 ? `.${frac.padEnd(decimals, '0')}` : '';
  return `${negative ? '-' : ''}${int}${fraction}`;
}

import { expect } from 'vitest';
import type { Expected } from './journey-plan.ts';

/**
 * The official project table, read back from an exported file as rows of cell texts, against
 * what shared/calc computes from the values typed: every KPI's row with its value and 達成度, the
 * cohort summary, the footnotes, the missing reasons and the activities.
 */

// xlsx keeps figures as numbers (the % and separators are number formats): compare as figures. A
// footnoted value prints its marker after the figure (`29(※1)`); the footnote itself is checked apart.
function sameFigure(cell: string, printed: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/\s*\(※[^)]*\)$/, '')
      .replace(/,/g, '')
      .replace(/%$/, '')
      .trim();
  const a = norm(cell);
  const b = norm(printed);
  if (a === b) return true;
  return /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b) && Number(a) === Number(b);
}

export function checkProjectTable(rows: readonly string[][], exp: Expected, format: string): void {
  expect(rows.length, `${format}: rows read back`).toBeGreaterThan(10);
  for (const r of exp.rows) {
    const row = rows.find((cells) => cells.some((c) => c.trim().endsWith(r.name)));
    expect(row, `${format}: the row of ${r.name}`).toBeDefined();
    const cells = row ?? [];
    expect(
      cells.some((c) => sameFigure(c, r.printed)),
      `${format}: 達成度 ${r.printed} of ${r.name} in ${JSON.stringify(cells)}`,
    ).toBe(true);
    const value = r.decimal;
    expect(
      value === null ? cells.includes(r.marker ?? '') : cells.some((c) => sameFigure(c, value)),
      `${format}: value ${value ?? r.marker} of ${r.name} in ${JSON.stringify(cells)}`,
    ).toBe(true);
  }
  const text = rows.flat().join('\n');
  for (const c of exp.cohort) {
    expect(text, `${format}: cohort label`).toContain(c.label);
    expect(text, `${format}: cohort sentence`).toContain(c.sentence);
  }
  for (const t of exp.texts) expect(text, `${format}: ${t}`).toContain(t);
}

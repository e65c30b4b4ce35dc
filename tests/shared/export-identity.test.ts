import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, EXPORT_TABLES, exportTables } from '../../shared/render/export.ts';
import { loadPlan } from './load.ts';

/**
 * Every export of every plan in data/ (each table × format × cycle × include), as a SHA-256 of its
 * bytes. A refactoring must leave these unchanged; a deliberate change of an official table updates
 * the file with `UPDATE_EXPORT_DIGESTS=1 npx vitest run tests/shared/export-identity.test.ts` and the
 * diff of the digests file shows which exports it touched.
 */
const DIGESTS = resolve(import.meta.dirname, 'export-digests.json');
const PLANS = readdirSync(resolve(import.meta.dirname, '../../data')).filter((f) => f.endsWith('.plan.json'));

async function digestsOf(file: string): Promise<Record<string, string>> {
  const plan = loadPlan(file);
  const years = [
    ...new Set([...plan.cycles.map((c) => c.fiscalYear), ...plan.budgets.map((b) => b.fiscalYear)]),
  ];
  const out: Record<string, string> = {};
  // A plan with neither cycles nor budgets (a revision only) exports its default year.
  const asked = years.length > 0 ? years.sort((a, b) => a - b) : [undefined];
  for (const fiscalYear of asked)
    for (const table of EXPORT_TABLES)
      for (const format of EXPORT_FORMATS)
        for (const include of ['approved', 'all'] as const) {
          const key = `${file} ${fiscalYear} ${table} ${format} ${include}`;
          try {
            const xlsx = { created: new Date('2026-01-01T00:00:00Z') };
            const exported = await exportTables(plan, {
              tables: [table],
              format,
              include,
              xlsx,
              ...(fiscalYear === undefined ? {} : { fiscalYear }),
            });
            out[key] = createHash('sha256').update(exported.body).digest('hex');
          } catch (error) {
            out[key] = `refused: ${(error as Error).message}`;
          }
        }
  return out;
}

describe('exports are byte-identical to the recorded digests', () => {
  it.each(PLANS)(
    '%s',
    async (file) => {
      const actual = await digestsOf(file);
      const recorded = JSON.parse(readFileSync(DIGESTS, 'utf8')) as Record<string, Record<string, string>>;
      if (process.env.UPDATE_EXPORT_DIGESTS === '1') {
        recorded[file] = actual;
        writeFileSync(DIGESTS, `${JSON.stringify(recorded, null, 2)}\n`);
      }
      expect(Object.keys(actual).length).toBeGreaterThan(0);
      expect(actual).toEqual(recorded[file]);
    },
    120_000,
  );
});

it('records a digest for every plan in data/', () => {
  const recorded = JSON.parse(readFileSync(DIGESTS, 'utf8')) as Record<string, unknown>;
  expect(Object.keys(recorded).sort()).toEqual([...PLANS].sort());
});

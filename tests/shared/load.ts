/** Test data of the golden tests: only tests/fixtures/ (the published reports, docs/domain.md §13) and data/. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlanFile } from '../../shared/schema/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, 'tests/fixtures', name), 'utf8')) as T;
}

export function loadPlan(name: string): PlanFile {
  return PlanFile.parse(JSON.parse(readFileSync(join(ROOT, 'data', name), 'utf8')));
}

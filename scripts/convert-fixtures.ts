/**
 * Turns the published-report fixtures in tests/fixtures/ (docs/domain.md §13) into plan files in the interchange format
 * (shinchoku/plan@1) under data/. Every file is validated with PlanFile.parse; every figure is read
 * from its printed text and cross-checked against the number the fixture recorded.
 *
 *   npx node scripts/convert-fixtures.ts          write data/*.plan.json
 *   npx node scripts/convert-fixtures.ts --check  exit 1 when data/ is stale
 *
 * tests/shared/plan-data.test.ts re-runs the conversion in memory and fails when data/ is stale.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Problem, problem } from '../shared/problem.ts';
import { PlanFile, type PlanFileInput } from '../shared/schema/index.ts';
import { convertBudgets } from './convert/budgets.ts';
import { pretty } from './convert/common.ts';
import type { BudgetFixture, ProgressFixture, RevisionFixture } from './convert/fixture-types.ts';
import { convertProgress } from './convert/progress.ts';
import { convertRevision } from './convert/revision.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ConvertedPlan {
  /** Path relative to the repository root, e.g. 'data/sendai-2023.plan.json'. */
  file: string;
  plan: PlanFile | null;
  problems: Problem[];
}

function readFixture<T>(root: string, name: string): T {
  return JSON.parse(readFileSync(join(root, 'tests/fixtures', name), 'utf8')) as T;
}

function validated(file: string, input: PlanFileInput, problems: Problem[]): ConvertedPlan {
  const result = PlanFile.safeParse(input);
  if (result.success) return { file, plan: result.data, problems };
  const schemaProblems = result.error.issues.map((issue) =>
    problem('schema', issue.path.join('.'), {
      ja: `計画ファイルの形式に合いません: ${issue.message}`,
      en: `Not a valid plan file: ${issue.message}`,
    }),
  );
  return { file, plan: null, problems: [...problems, ...schemaProblems] };
}

/** Converts every fixture; pure apart from reading tests/fixtures/. */
export function convertAllFixtures(root: string = ROOT): ConvertedPlan[] {
  const progress = convertProgress(readFixture<ProgressFixture>(root, 'progress-2023-sample.json'));
  const budgets = convertBudgets(readFixture<BudgetFixture>(root, 'budgets-r4-sample.json'));
  const revision = convertRevision(readFixture<RevisionFixture>(root, 'plan-revision.json'));
  return [
    validated('data/sendai-2023.plan.json', progress.plan, progress.problems.list),
    validated('data/miyagi-budget-r4.plan.json', budgets.plan, budgets.problems.list),
    validated('data/revision-sample.plan.json', revision.plan, revision.problems.list),
  ];
}

/** The committed plan file, parsed; null when it is missing. */
export function readCommittedPlan(file: string, root: string = ROOT): unknown {
  const path = join(root, file);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const converted = convertAllFixtures();
  let failed = false;
  for (const c of converted) {
    for (const p of c.problems) console.error(`${c.file}: ${p.path}: ${p.message.ja} / ${p.message.en}`);
    if (!c.plan || c.problems.some((p) => p.severity === 'error')) failed = true;
  }
  if (failed) return 1;
  const written: string[] = [];
  for (const c of converted) {
    // Compared as data: the committed text may be reformatted by Biome.
    const same = JSON.stringify(readCommittedPlan(c.file)) === JSON.stringify(c.plan);
    if (check) {
      if (!same) {
        console.error(`${c.file} is stale: run npx node scripts/convert-fixtures.ts`);
        failed = true;
      }
      continue;
    }
    writeFileSync(join(ROOT, c.file), pretty(c.plan));
    written.push(c.file);
  }
  if (written.length > 0) {
    // Keep the committed files in the project's format so `biome check .` stays clean.
    const biome = join(ROOT, 'node_modules/.bin/biome');
    if (existsSync(biome))
      execFileSync(biome, ['format', '--write', ...written], { cwd: ROOT, stdio: 'inherit' });
    for (const f of written) console.log(`wrote ${f}`);
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}

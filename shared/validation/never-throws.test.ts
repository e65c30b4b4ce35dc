import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasErrors, type Problem } from '../problem.ts';
import type { Activity, Actual } from '../schema/index.ts';
import { validateCellInput } from './cell-input.ts';
import { validateCycleValues } from './cycle-values.ts';
import { PROBLEM_CODES } from './messages.ts';
import { validatePlanFile } from './plan-file.ts';
import { samplePlan, samplePlanJson, setAt } from './test-support.ts';

const CODES = new Set<string>(PROBLEM_CODES);

function wellFormed(problems: readonly Problem[]): void {
  for (const p of problems) {
    expect(CODES.has(p.code), p.code).toBe(true);
    expect(typeof p.path).toBe('string');
    expect(p.message.ja.length).toBeGreaterThan(0);
    expect(p.message.en.length).toBeGreaterThan(0);
  }
}

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** Every path of the sample plan that holds a value, to replace with something arbitrary. */
function leafPaths(node: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (node === null || typeof node !== 'object') return [at];
  const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
  return [at, ...entries.flatMap(([k, v]) => leafPaths(v, [...at, k]))].filter((p) => p.length > 0);
}
const PATHS = leafPaths(samplePlanJson());

function nested(depth: number, wrap: (inner: unknown) => unknown, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

describe('the validators never throw', () => {
  it('validatePlanFile on arbitrary values: a result, ok exactly when there is no error', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const result = validatePlanFile(input);
        expect(result.ok).toBe(!hasErrors(result.problems));
        wellFormed(result.problems);
      }),
      { numRuns: 300 },
    );
  });

  it('validatePlanFile on arbitrary JSON text parsed', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const result = validatePlanFile(JSON.parse(text));
        expect(result.ok).toBe(false);
        wellFormed(result.problems);
      }),
      { numRuns: 300 },
    );
  });

  it('validatePlanFile on the sample plan with any one field replaced by anything', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHS),
        fc.oneof(
          anything,
          fc.json().map((t) => JSON.parse(t) as unknown),
        ),
        (path, value) => {
          const json = samplePlanJson();
          setAt(json, path, value);
          const result = validatePlanFile(json);
          expect(result.ok).toBe(!hasErrors(result.problems));
          wellFormed(result.problems);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('deeply nested input, in place of the whole file and of a field', () => {
    const deepArray = nested(100_000, (v) => [v], 1);
    const deepObject = nested(100_000, (v) => ({ a: v }), 'x');
    for (const deep of [deepArray, deepObject]) {
      expect(validatePlanFile(deep).ok).toBe(false);
      const json = samplePlanJson();
      setAt(json, ['projects', 0, 'indicators', 0, 'targets'], deep);
      wellFormed(validatePlanFile(json).problems);
      setAt(json, ['projects', 0, 'note'], deep);
      expect(validatePlanFile(json).problems.map((p) => p.code)).toContain('schema.unknown_key');
      const cycle = validateCycleValues(samplePlan(), 2023, deep as Actual[], [deep] as Activity[]);
      expect(cycle.length).toBeGreaterThan(0);
      wellFormed(cycle);
    }
  });

  it('validateCycleValues and validateCellInput on arbitrary payloads', () => {
    const plan = samplePlan();
    const indicator = plan.projects[0]!.indicators[0]!;
    fc.assert(
      fc.property(anything, anything, fc.integer({ min: 1900, max: 2200 }), (actuals, activities, fy) => {
        wellFormed(validateCycleValues(plan, fy, actuals as Actual[], activities as Activity[]));
        wellFormed(validateCycleValues(plan, fy, [actuals] as Actual[], [activities] as Activity[]));
        for (const field of ['value', 'missingReason', 'status'] as const) {
          const r = validateCellInput(indicator, field, actuals);
          wellFormed(r.ok ? r.warnings : [r.problem]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hostile objects: throwing getters and proxies become one problem', () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(validatePlanFile(trap).problems.map((p) => p.code)).toEqual(['internal.unexpected']);
    expect(
      validateCycleValues(samplePlan(), 2023, trap as Actual[], []).map((p) => p.code).length,
    ).toBeGreaterThan(0);
    expect(validateCycleValues(trap as never, 2023, [], [])).toEqual([
      expect.objectContaining({ code: 'internal.unexpected' }),
    ]);
  });
});

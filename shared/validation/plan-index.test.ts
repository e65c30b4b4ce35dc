import { describe, expect, it } from 'vitest';
import type { Actual, PlanFile } from '../schema/index.ts';
import { validateCycleValues } from './cycle-values.ts';
import { indexPlan } from './plan-index.ts';
import { samplePlan } from './test-support.ts';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A plan as the worker builds one per request: fresh values around goals and projects it keeps frozen. */
function frozenStructure(): PlanFile {
  const plan = samplePlan();
  deepFreeze(plan.goals);
  deepFreeze(plan.projects);
  return plan;
}

describe('indexPlan', () => {
  it('reuses the lookups of deep-frozen goals and projects, with this plan and its departments', () => {
    const first = frozenStructure();
    const second: PlanFile = { ...first, departments: [{ id: 'other', name: '別の課' }] };
    const a = indexPlan(first);
    const b = indexPlan(second);
    expect(b.indicators).toBe(a.indicators);
    expect(b.projects).toBe(a.projects);
    expect(b.plan).toBe(second);
    expect([...b.departmentIds]).toEqual(['other']);
    expect(b.indicators.get('p1-k1')?.path).toEqual(['projects', 0, 'indicators', 0]);
  });

  it('builds afresh for a plan that can change: new goals, a mutable plan, a mutable indicator', () => {
    const frozen = frozenStructure();
    const cached = indexPlan(frozen).indicators;
    expect(indexPlan({ ...frozen, goals: [] }).indicators).not.toBe(cached);
    expect(indexPlan({ ...frozen, goals: [] }).indicators.has('g1-i1')).toBe(false);

    const mutable = samplePlan();
    expect(indexPlan(mutable).indicators.has('p1-k1')).toBe(true);
    mutable.projects[0]!.indicators[0]!.id = 'renamed';
    expect(indexPlan(mutable).indicators.has('renamed')).toBe(true);

    // Frozen arrays around an indicator that is not: not reused, so a later change is seen.
    const shallow = samplePlan();
    Object.freeze(shallow.goals);
    Object.freeze(shallow.projects);
    const before = indexPlan(shallow);
    shallow.projects[0]!.indicators[0]!.id = 'changed';
    expect(indexPlan(shallow).indicators).not.toBe(before.indicators);
    expect(indexPlan(shallow).indicators.has('changed')).toBe(true);
  });

  it('gives validateCycleValues the same problems for a frozen plan as for a mutable one', () => {
    const actuals: Actual[] = [
      { indicatorId: 'p1-k1', value: '12', status: 'achieved', basis: 'year', footnotes: [] },
      { indicatorId: 'p1-k3', value: null, basis: 'year', footnotes: [] },
      { indicatorId: 'zz', value: '1', basis: 'year', footnotes: [] },
      { indicatorId: 'g1-i1', value: '3', basis: 'year', footnotes: [] },
    ];
    const activities = [{ projectId: 'p9', text: '・b' }];
    const mutable = validateCycleValues(samplePlan(), 2018, actuals, activities);
    const frozen = frozenStructure();
    expect(mutable.length).toBeGreaterThan(3);
    for (let i = 0; i < 2; i++)
      expect(validateCycleValues(frozen, 2018, actuals, activities)).toEqual(mutable);
  });
});

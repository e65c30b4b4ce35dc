import { describe, expect, it } from 'vitest';
import type { PlanSummary } from '../../../shared/api.ts';
import { chooseCycle, rememberCycle, rememberedCycle } from './cycle-choice.ts';
import { MemoryStorage } from './storage.ts';

/** The open year never changes silently: the cycle picked stays, locked or not. */

const cycle = (fiscalYear: number, locked = false) => ({
  fiscalYear,
  label: null,
  locked,
  lockedAt: null,
  lockedBy: null,
  revision: 0,
  deadline: null,
});
const plan = (id: string, cycles: ReturnType<typeof cycle>[]) =>
  ({ id, title: id, period: { startFy: 2021, endFy: 2025 }, cycles }) as unknown as PlanSummary;

describe('the cycle the pane opens', () => {
  const plans = [plan('a', [cycle(2022), cycle(2023, true)]), plan('b', [cycle(2024)])];

  it('the latest cycle of the first plan, even when it is locked (it opens read-only, it is not skipped)', () => {
    expect(chooseCycle(plans, null)).toMatchObject({ plan: { id: 'a' }, fiscalYear: 2023 });
  });

  it('the one the person picked, while it exists; a vanished one falls back to the latest', () => {
    const storage = new MemoryStorage();
    expect(rememberedCycle(storage)).toBeNull();
    rememberCycle(storage, { plan: plans[0]!, fiscalYear: 2022 });
    expect(chooseCycle(plans, rememberedCycle(storage))).toMatchObject({
      plan: { id: 'a' },
      fiscalYear: 2022,
    });
    // Locked since: still that year.
    const locked = [plan('a', [cycle(2022, true), cycle(2023, true)]), plans[1]!];
    expect(chooseCycle(locked, rememberedCycle(storage))?.fiscalYear).toBe(2022);
    rememberCycle(storage, { plan: plans[1]!, fiscalYear: 2024 });
    expect(chooseCycle(plans, rememberedCycle(storage))).toMatchObject({
      plan: { id: 'b' },
      fiscalYear: 2024,
    });
    expect(chooseCycle([plans[0]!], rememberedCycle(storage))).toMatchObject({
      plan: { id: 'a' },
      fiscalYear: 2023,
    });
    storage.setItem('cycle-choice', '{broken');
    expect(rememberedCycle(storage)).toBeNull();
  });

  it('no cycle at all: nothing to open', () => {
    expect(chooseCycle([plan('a', [])], null)).toBeNull();
  });
});

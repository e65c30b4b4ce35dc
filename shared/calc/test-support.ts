/** Builders for the calc tests: schema-valid indicators and actuals from a few numbers. */
import { Actual, Indicator, type IndicatorKind, Project } from '../schema/index.ts';
import type { ActualsByYear } from './actuals.ts';

type IndicatorInput = Partial<Omit<Indicator, 'targets' | 'baseline'>> & {
  kind: IndicatorKind;
  targets?: Record<number, string>;
  baseline?: string | null;
};

export function indicator(input: IndicatorInput): Indicator {
  const { targets = {}, baseline = null, ...rest } = input;
  return Indicator.parse({
    id: 'ind-1',
    number: 1,
    name: 'テスト指標',
    unit: '件',
    ...rest,
    baseline: baseline === null ? null : { value: baseline },
    targets: Object.entries(targets).map(([fy, value]) => ({ fiscalYear: Number(fy), value })),
  });
}

type ActualInput = string | null | Partial<Actual>;

/** `{2022: '53', 2023: '66'}`; an object entry gives the whole actual (basis, status…). */
export function actuals(
  byYear: Record<number, ActualInput>,
  basis: 'year' | 'to_date' = 'year',
): ActualsByYear {
  const map = new Map<number, Actual>();
  for (const [fy, input] of Object.entries(byYear)) {
    const fields =
      input === null || typeof input === 'string'
        ? { value: input, ...(input === null ? { missingReason: '未公表' } : {}) }
        : { value: null, ...input };
    map.set(Number(fy), Actual.parse({ indicatorId: 'ind-1', basis, ...fields }));
  }
  return map;
}

export function project(id: string, startFy: number, endFy: number): Project {
  return Project.parse({
    id,
    number: 1,
    name: `事業${id}`,
    period: { startFy, endFy },
    departmentIds: ['d1'],
  });
}

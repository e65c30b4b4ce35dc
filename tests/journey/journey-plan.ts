import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Achievement, cohortSummary, evaluateIndicator } from '../../shared/calc/index.ts';
import type { Actual, PlanFileInput, Project } from '../../shared/schema/index.ts';
import { PlanFile } from '../../shared/schema/index.ts';

/**
 * The journey's plan (the demo strategy's three projects, imported under a new id with its own
 * departments) and what the three departments type into their sheets, with the figures the
 * official table must then print, computed by shared/calc from the values typed.
 */
export const PLAN_ID = 'journey-2023';
export const FY = 2023;
export const CYCLE_LABEL = '令和5年度末時点';
const root = path.resolve(import.meta.dirname, '../..');
const demo = JSON.parse(readFileSync(path.join(root, 'data/sendai-2023.plan.json'), 'utf8')) as PlanFileInput;

export const DEPARTMENTS = { a: 'j-tohoku', b: 'j-nagamachi', c: 'j-izumi' } as const;
const FROM_DEMO: Record<string, string> = {
  'tohoku-renkei': DEPARTMENTS.a,
  nagamachi: DEPARTMENTS.b,
  'izumi-chuo': DEPARTMENTS.c,
};

export function journeyPlan(): PlanFileInput {
  return {
    format: 'shinchoku/plan@1',
    plan: { ...demo.plan, id: PLAN_ID, title: `${demo.plan.title}（通し試験）` },
    departments: (demo.departments ?? [])
      .filter((d) => FROM_DEMO[d.id])
      .map((d) => ({ ...d, id: FROM_DEMO[d.id] as string })),
    goals: [],
    projects: (demo.projects ?? []).map((p) => ({
      ...p,
      departmentIds: p.departmentIds.map((d) => FROM_DEMO[d] ?? d),
    })),
    cycles: [],
  };
}

/** One KPI row as typed: the raw text of its cells and the Actual it stands for. */
export interface TypedRow {
  indicatorId: string;
  value: string;
  /** The stored decimal (null: missing, with marker and reason). */
  decimal: string | null;
  marker?: string;
  reason?: string;
  /** Typed into the footnote column: `(※1) text`. */
  footnote?: { marker: string; text: string };
}

const kpi = (project: string, n: number) => `${project}-kpi${n}`;
const A = 'tohoku-renkei-kouryu';
const B = 'nagamachi-nigiwai';
const C = 'izumi-chuo-kasseika';

export const TYPED: Record<'a' | 'b' | 'c', { project: string; rows: TypedRow[]; activities: string }> = {
  a: {
    project: A,
    rows: [
      { indicatorId: kpi(A, 1), value: '144,476', decimal: '144476' },
      { indicatorId: kpi(A, 2), value: '８３，９６３', decimal: '83963' },
      {
        indicatorId: kpi(A, 3),
        value: '29',
        decimal: '29',
        footnote: { marker: '(※1)', text: '連携協定を締結した自治体を含む。' },
      },
    ],
    activities: '東北の全市町村を対象にアンケートを実施した。\nモデルコースを計33本造成した。',
  },
  b: {
    project: B,
    rows: [
      // Typed 1,999 by a colleague first: the conflict is resolved in favour of this value.
      { indicatorId: kpi(B, 1), value: '2,000', decimal: '2000' },
      { indicatorId: kpi(B, 2), value: '3', decimal: '3' },
      { indicatorId: kpi(B, 3), value: '5', decimal: '5' },
      {
        indicatorId: kpi(B, 4),
        value: '(※)',
        decimal: null,
        marker: '(※)',
        reason:
          '仙台市地下鉄の前年度乗車人数の公表時期が10月以降となっているため、現時点では把握できていないもの。',
      },
    ],
    activities: '地元ビジョンの作成に向け、勉強会と報告会を実施した。',
  },
  c: {
    project: C,
    rows: [
      { indicatorId: kpi(C, 1), value: '13,800', decimal: '13800' },
      { indicatorId: kpi(C, 2), value: '646,528', decimal: '646528' },
      // First submitted as 160 (the estimate); returned; corrected to the confirmed 140 below target.
      {
        indicatorId: kpi(C, 3),
        value: '140',
        decimal: '140',
        footnote: { marker: '(※2)', text: '住民基本台帳による確定値。' },
      },
      { indicatorId: kpi(C, 4), value: '7', decimal: '7' },
    ],
    activities: '学生参加によるワーキンググループを実施した。',
  },
};
export const C_FIRST_KPI3 = '160';
export const B_COLLEAGUE_KPI1 = '1,999';

export interface Expected {
  /** indicator id → 達成度 as printed, with the indicator's name and the stored value. */
  rows: { indicatorId: string; name: string; printed: string; decimal: string | null; marker?: string }[];
  cohort: { label: string; sentence: string }[];
  /** Texts the table must print: footnotes, missing reasons, activities. */
  texts: string[];
}

/** What the project table must print for the values typed, by shared/calc. */
export function expected(): Expected {
  const plan = PlanFile.parse(journeyPlan());
  const typed = Object.values(TYPED);
  const actuals = new Map<string, Actual>(
    typed.flatMap((d) =>
      d.rows.map((r) => [
        r.indicatorId,
        {
          indicatorId: r.indicatorId,
          value: r.decimal,
          basis: 'year' as const,
          footnotes: r.footnote ? [r.footnote] : [],
          ...(r.marker ? { marker: r.marker } : {}),
          ...(r.reason ? { missingReason: r.reason } : {}),
        },
      ]),
    ),
  );
  const evaluations = new Map<string, Achievement[]>();
  const rows: Expected['rows'] = [];
  for (const project of plan.projects as Project[]) {
    const list: Achievement[] = [];
    for (const indicator of project.indicators) {
      const actual = actuals.get(indicator.id);
      const e = evaluateIndicator(indicator, new Map(actual ? [[FY, actual]] : []), FY);
      list.push(e);
      rows.push({
        indicatorId: indicator.id,
        name: indicator.name,
        printed: e.printed,
        decimal: actual?.value ?? null,
        ...(actual?.marker ? { marker: actual.marker } : {}),
      });
    }
    evaluations.set(project.id, list);
  }
  const cohort = cohortSummary(plan.projects, evaluations, FY).map((c) => ({
    label: c.label,
    sentence: c.sentence,
  }));
  const texts = typed.flatMap((d) => [
    ...d.rows.flatMap((r) => [...(r.footnote ? [r.footnote.text] : []), ...(r.reason ? [r.reason] : [])]),
    ...d.activities.split('\n'),
  ]);
  return { rows, cohort, texts };
}

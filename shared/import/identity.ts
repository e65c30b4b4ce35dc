import { z } from 'zod';
import { escapeXml } from '../render/xml.ts';
import {
  Department,
  Direction,
  FiscalYear,
  Id,
  type Indicator,
  IndicatorKind,
  PeriodRange,
  type PlanFile,
  PlanHeader,
  SubmissionStatus,
  Text,
  Threshold,
} from '../schema/index.ts';
import { cycleContext } from '../tables/context.ts';
import type { TableKind } from '../tables/types.ts';

/**
 * The identity of an exported plan: what the printed tables do not show but a plan needs — the
 * plan's id, version, issuer and period, the departments and their ids, the ids of projects, goals,
 * indicators and budget rows, the kind and direction of each indicator, the cycles' submission
 * states. No figure and no text of a cell: the cells stay the truth, the identity only names what
 * they describe.
 *
 * An xlsx export carries it as a custom XML part (customXml/item1.xml), which Excel keeps when the
 * file is saved and neither shows nor prints; `importTables` reads it back and applies it to what
 * it read, matched by what the cells print (a project's number, an indicator's number in its block,
 * a budget row's position and name). A CSV has no place for it.
 */

export const IDENTITY_FORMAT = 'shinchoku/identity@1';
export const IDENTITY_NAMESPACE = 'https://shinchoku.example/schema/plan-identity';

const IndicatorIdentity = z
  .object({
    id: Id,
    number: z.number().int().min(1).max(99),
    kind: IndicatorKind,
    direction: Direction,
    window: PeriodRange.optional(),
    threshold: Threshold.optional(),
  })
  .strict();
export type IndicatorIdentity = z.infer<typeof IndicatorIdentity>;

const OwnerIdentity = z
  .object({
    id: Id,
    number: z.number().int().min(1).max(9999),
    /** A project's name, a goal's title: how a 新旧対照表 block (which prints no number) is matched. */
    name: Text(400),
    /** A project's departments and plan period (the 新旧対照表 prints neither). */
    departmentIds: z.array(Id).max(10).optional(),
    period: PeriodRange.optional(),
    indicators: z.array(IndicatorIdentity).max(100),
  })
  .strict();
export type OwnerIdentity = z.infer<typeof OwnerIdentity>;

const CycleIdentity = z
  .object({
    fiscalYear: FiscalYear,
    locked: z.boolean(),
    submissions: z.array(z.object({ departmentId: Id, status: SubmissionStatus }).strict()).max(1000),
  })
  .strict();

const BudgetIdentity = z
  .object({
    id: Id,
    name: Text(400),
    projectId: Id.optional(),
    reprintOf: Id.optional(),
  })
  .strict();

const VersionIdentity = z
  .object({
    version: z.number().int().min(1),
    label: Text(200).optional(),
    projects: z.array(OwnerIdentity).max(2000),
    goals: z.array(OwnerIdentity).max(100),
  })
  .strict();

export const PlanIdentity = z
  .object({
    format: z.literal(IDENTITY_FORMAT),
    /** The plan's header without its notes (printed under every table). */
    plan: PlanHeader.omit({ footnotes: true }),
    departments: z.array(Department).max(1000),
    projects: z.array(OwnerIdentity).max(2000),
    goals: z.array(OwnerIdentity).max(100),
    /** The report cycle and the one before it (the 前年度比's), as the export printed them. */
    cycles: z.array(CycleIdentity).max(2),
    budgetYear: FiscalYear.optional(),
    /** The budget rows of `budgetYear` in print order (sections in order, rows within each). */
    budgets: z.array(BudgetIdentity).max(5000),
    previousVersions: z.array(VersionIdentity).max(50),
  })
  .strict();
export type PlanIdentity = z.infer<typeof PlanIdentity>;

function indicatorIdentity(ind: Indicator): IndicatorIdentity {
  return {
    id: ind.id,
    number: ind.number,
    kind: ind.kind,
    direction: ind.direction,
    ...(ind.window ? { window: { ...ind.window } } : {}),
    ...(ind.threshold ? { threshold: { ...ind.threshold } } : {}),
  };
}

const owner = (
  o: { id: string; number: number; indicators: Indicator[] },
  name: string,
  project?: { departmentIds: string[]; period: { startFy: number; endFy: number } },
): OwnerIdentity => ({
  id: o.id,
  number: o.number,
  name,
  ...(project ? { departmentIds: [...project.departmentIds], period: { ...project.period } } : {}),
  indicators: o.indicators.map(indicatorIdentity),
});

/** The budget rows of a year in the order the budget table prints them: by section, as first seen. */
export function budgetPrintOrder<T extends { section: string; fiscalYear: number }>(
  budgets: readonly T[],
  fiscalYear: number,
): T[] {
  const entries = budgets.filter((b) => b.fiscalYear === fiscalYear);
  const sections = [...new Set(entries.map((e) => e.section))];
  return sections.flatMap((s) => entries.filter((e) => e.section === s));
}

export interface IdentityRequest {
  tables: readonly TableKind[];
  /** The report cycle printed. */
  fiscalYear: number;
  /** The budget year printed (budget table). */
  budgetYear?: number | undefined;
}

/** The identity of the plan an export prints. */
export function identityOf(plan: PlanFile, request: IdentityRequest): PlanIdentity {
  const { footnotes: _notes, ...header } = plan.plan;
  const ctx = cycleContext(plan, request.fiscalYear);
  const cycles = [ctx.previous, ctx.cycle].flatMap((c) =>
    c
      ? [
          {
            fiscalYear: c.fiscalYear,
            locked: c.locked,
            submissions: c.submissions.map((s) => ({ departmentId: s.departmentId, status: s.status })),
          },
        ]
      : [],
  );
  const budgetYear = request.tables.includes('budget') ? request.budgetYear : undefined;
  return {
    format: IDENTITY_FORMAT,
    plan: structuredClone(header),
    departments: plan.departments.map((d) => ({ ...d })),
    projects: plan.projects.map((p) => owner(p, p.name, p)),
    goals: plan.goals.map((g) => owner(g, g.title)),
    cycles,
    ...(budgetYear !== undefined ? { budgetYear } : {}),
    budgets:
      budgetYear === undefined
        ? []
        : budgetPrintOrder(plan.budgets, budgetYear).map((b) => ({
            id: b.id,
            name: b.name,
            ...(b.projectId ? { projectId: b.projectId } : {}),
            ...(b.reprintOf ? { reprintOf: b.reprintOf } : {}),
          })),
    previousVersions: request.tables.includes('revision')
      ? plan.previousVersions.map((v) => ({
          version: v.version,
          ...(v.label !== undefined ? { label: v.label } : {}),
          projects: v.projects.map((p) => owner(p, p.name, p)),
          goals: v.goals.map((g) => owner(g, g.title)),
        }))
      : [],
  };
}

/** The identity as the custom XML part of an xlsx: its JSON as the text of one element. */
export function identityXml(identity: PlanIdentity): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<identity xmlns="${IDENTITY_NAMESPACE}">${escapeXml(JSON.stringify(identity))}</identity>`
  );
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return XML_ENTITIES[name] ?? whole;
  });
}

/**
 * The identity in a custom XML part, or null when the part is none of ours or does not read (the
 * import then goes by the cells alone). Whatever the part holds, it is checked by the schema.
 */
export function parseIdentityXml(xml: string): PlanIdentity | null {
  // As written, or as a program that saved the workbook may have re-serialised it.
  const ns = IDENTITY_NAMESPACE.replace(/[.]/g, '\\.');
  const m = new RegExp(`<identity\\s+xmlns\\s*=\\s*(["'])${ns}\\1\\s*>([^<]*)</identity\\s*>`).exec(xml);
  if (!m) return null;
  try {
    const parsed = PlanIdentity.safeParse(JSON.parse(unescapeXml(m[2] ?? '')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Lookups into an identity by what the cells print: numbers, names, positions. */
export class IdentityIndex {
  readonly identity: PlanIdentity;

  constructor(identity: PlanIdentity) {
    this.identity = identity;
  }

  project(number: number): OwnerIdentity | undefined {
    return this.identity.projects.find((p) => p.number === number);
  }

  goal(number: number): OwnerIdentity | undefined {
    return this.identity.goals.find((g) => g.number === number);
  }

  /** The id of indicator `number` of an owner, if the identity knows it. */
  indicatorId(owner: OwnerIdentity | undefined, number: number): string | undefined {
    return owner?.indicators.find((i) => i.number === number)?.id;
  }

  indicator(owner: OwnerIdentity | undefined, id: string): IndicatorIdentity | undefined {
    return owner?.indicators.find((i) => i.id === id);
  }

  /** True when the identity has the kind of this indicator (so nothing need be inferred). */
  knows(kind: 'projects' | 'goals', ownerId: string, indicatorId: string): boolean {
    const owner = this.identity[kind].find((o) => o.id === ownerId);
    return owner?.indicators.some((i) => i.id === indicatorId) ?? false;
  }

  /** A department's name → id, as the identity has it. */
  departmentIds(): Record<string, string> {
    return Object.fromEntries(this.identity.departments.map((d) => [d.name, d.id]));
  }
}

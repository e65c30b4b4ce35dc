/**
 * Writes the published JSON Schemas (shared/json-schema/*.schema.json) from the zod schemas in
 * shared/schema, so tools outside TypeScript can check plan files and API payloads.
 *
 *   npm run schemas        (= node scripts/generate-schemas.ts)
 *
 * `$id`s live under https://shinchoku.example/schema/ — `.example` is reserved (RFC 2606), so the ids
 * are stable names that never resolve to someone else's site; a deployment that publishes the files
 * can serve them at that path of its own domain. Each file stands alone: shared parts (Indicator,
 * DecimalString…) are named entries in its own `$defs`, never references to another file.
 * The schemas describe the input (fields with defaults are optional), which is what a file must hold.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import * as S from '../shared/schema/index.ts';

export const SCHEMA_BASE_URI = 'https://shinchoku.example/schema/';
export const SCHEMA_DIR = fileURLToPath(new URL('../shared/json-schema/', import.meta.url));

interface Published {
  file: string;
  schema: z.ZodType;
  title: string;
  description: string;
}

/** The published schemas, one file each. */
export const PUBLISHED: readonly Published[] = [
  {
    file: 'plan-file',
    schema: S.PlanFile,
    title: 'Shinchoku plan file',
    description: `A whole plan with its values in one JSON file (format "${S.PLAN_FORMAT}"): goals, projects, KPIs, report cycles, budgets and earlier versions.`,
  },
  {
    file: 'plan-version',
    schema: S.PlanVersion,
    title: 'Plan version',
    description: 'An earlier version of the plan’s targets (新旧対照表).',
  },
  {
    file: 'goal',
    schema: S.Goal,
    title: 'Goal (基本目標)',
    description: 'A basic goal with its directions and numerical targets (数値目標).',
  },
  {
    file: 'project',
    schema: S.Project,
    title: 'Project (事業)',
    description: 'A project with its departments, budget and KPIs.',
  },
  {
    file: 'indicator',
    schema: S.Indicator,
    title: 'Indicator (KPI / 指標)',
    description: 'A KPI: kind, unit, baseline and yearly targets.',
  },
  {
    file: 'department',
    schema: S.Department,
    title: 'Department (担当課)',
    description: 'A department that owns projects.',
  },
  {
    file: 'budget-entry',
    schema: S.BudgetEntry,
    title: 'Budget entry (当初予算額［決算額］)',
    description: 'One row of the budget table, in thousand yen.',
  },
  {
    file: 'cycle',
    schema: S.Cycle,
    title: 'Report cycle (報告年度)',
    description: 'The values reported for one fiscal year.',
  },
  {
    file: 'actual',
    schema: S.Actual,
    title: 'Actual (実績値)',
    description: 'The actual of one indicator in one report cycle.',
  },
  {
    file: 'activity',
    schema: S.Activity,
    title: 'Activities (主な取組)',
    description: 'A project’s activities of the year.',
  },
  {
    file: 'submission-state',
    schema: S.SubmissionState,
    title: 'Submission state',
    description: 'A department’s submission status in a cycle.',
  },
];

/** Parts that get a name in `$defs` wherever they occur, so the files read like the TypeScript types. */
const NAMED: readonly (readonly [string, z.ZodType])[] = [
  ['DecimalString', S.DecimalString],
  ['Id', S.Id],
  ['Footnote', S.Footnote],
  ['PeriodRange', S.PeriodRange],
  ['Baseline', S.Baseline],
  ['Target', S.Target],
  ['Threshold', S.Threshold],
  ['Budget', S.Budget],
  ['Indicator', S.Indicator],
  ['Department', S.Department],
  ['Project', S.Project],
  ['Goal', S.Goal],
  ['PlanHeader', S.PlanHeader],
  ['BudgetEntry', S.BudgetEntry],
  ['Actual', S.Actual],
  ['Activity', S.Activity],
  ['SubmissionState', S.SubmissionState],
  ['Cycle', S.Cycle],
  ['PlanVersion', S.PlanVersion],
];

/**
 * A metadata registry that adds `$defs` names to the descriptions the schemas carry (.describe() puts
 * those in zod's global registry). The root is left unnamed so the file's top level is the schema itself.
 */
function registryFor(root: z.ZodType): z.core.$ZodRegistry<Record<string, unknown>> {
  const ids = new Map<unknown, string>(NAMED.filter(([, s]) => s !== root).map(([id, s]) => [s, id]));
  const registry = z.registry<Record<string, unknown>>();
  registry.get = (schema) => {
    const meta = z.globalRegistry.get(schema);
    const id = ids.get(schema);
    return id === undefined ? meta : { ...meta, id };
  };
  return registry;
}

/** Keywords in reading order; whatever order zod emits them in, the files list them the same way. */
const KEYWORD_ORDER = [
  '$schema',
  '$id',
  '$comment',
  '$ref',
  'title',
  'description',
  'default',
  'type',
  'const',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'anyOf',
  'oneOf',
  'allOf',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  '$defs',
];
const rank = (key: string) => {
  const i = KEYWORD_ORDER.indexOf(key);
  return i === -1 ? KEYWORD_ORDER.length : i;
};

type JsonSchema = { [key: string]: unknown };
const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A schema with its keys in a fixed order: keywords by KEYWORD_ORDER (others after, alphabetically),
 * `properties` in the order the fields are declared, `$defs` alphabetically.
 */
function canonical(schema: JsonSchema): JsonSchema {
  const keys = Object.keys(schema).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: JsonSchema = {};
  for (const key of keys) {
    const value = schema[key];
    if ((key === 'properties' || key === '$defs') && isObject(value)) {
      const names = key === '$defs' ? Object.keys(value).sort() : Object.keys(value);
      out[key] = Object.fromEntries(
        names.map((n) => [n, isObject(value[n]) ? canonical(value[n]) : value[n]]),
      );
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((v) => (isObject(v) ? canonical(v) : v));
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
      out[key] = canonical(value);
    } else out[key] = value;
  }
  return out;
}

function toText(value: JsonSchema): string {
  return `${JSON.stringify(canonical(value), null, 2)}\n`;
}

/** The files as they must be on disk: file name → content. Pure, for the staleness test. */
export function generateSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const p of PUBLISHED) {
    const { $schema, ...body } = z.toJSONSchema(p.schema, { io: 'input', metadata: registryFor(p.schema) });
    const document = {
      $schema,
      $id: `${SCHEMA_BASE_URI}${p.file}.schema.json`,
      $comment:
        'Generated by scripts/generate-schemas.ts from shared/schema (zod). Do not edit: run npm run schemas.',
      title: p.title,
      description: p.description,
      ...body,
    };
    files.set(`${p.file}.schema.json`, toText(document));
  }
  return files;
}

/** Writes the files and removes schema files that are no longer generated. */
export function writeSchemas(dir: string = SCHEMA_DIR): string[] {
  const files = generateSchemas();
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.schema.json') && !files.has(name)) rmSync(join(dir, name));
  }
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return [...files.keys()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = writeSchemas();
  console.log(`Wrote ${written.length} JSON Schemas to shared/json-schema/: ${written.join(', ')}`);
}

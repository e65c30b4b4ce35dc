import { identityOf, identityXml } from '../import/identity.ts';
import { buildExportModels, EXPORT_TABLES, exportFiscalYear } from '../render/export.ts';
import type { PlanFile } from '../schema/index.ts';
import type { TableKind } from '../tables/index.ts';
import { type CommandArgs, choiceOf, parseCommandArgs, planPathOf, yearOf } from './args.ts';
import { FORMAT_NAMES, OUTPUT_FORMATS } from './formats.ts';
import { type CliIo, dataError, EXIT_OK, usageError } from './io.ts';
import { readValidPlan } from './load-plan.ts';
import { cliMessages } from './messages.ts';
import { problemLines } from './report-lines.ts';

const OPTIONS = ['table', 'format', 'year', 'out', 'include'];
const INCLUDE = ['approved', 'all'] as const;

const years = (list: readonly { fiscalYear: number }[]) =>
  [...new Set(list.map((x) => x.fiscalYear))].sort((a, b) => a - b);

/**
 * The fiscal year a table prints: the one asked for if the plan has it, else the latest. Cycles for
 * the project and goal tables, budget years for the budget table; the 新旧対照表 compares versions.
 */
function tableYear(plan: PlanFile, table: TableKind, requested: number | undefined): number | undefined {
  if (table === 'revision') {
    if (plan.previousVersions.length === 0) throw dataError(cliMessages.noPreviousVersion());
    return requested;
  }
  const budget = table === 'budget';
  const available = years(budget ? plan.budgets : plan.cycles);
  if (available.length === 0) throw dataError(budget ? cliMessages.noBudgets() : cliMessages.noCycles());
  if (requested === undefined) return available[available.length - 1];
  if (!available.includes(requested))
    throw dataError(
      budget
        ? cliMessages.noSuchBudgetYear(requested, available)
        : cliMessages.noSuchCycle(requested, available),
    );
  return requested;
}

interface ExportArgs {
  path: string;
  table: TableKind;
  format: string;
  year: number | undefined;
  out: string | undefined;
  include: (typeof INCLUDE)[number];
}

function exportArgs(args: CommandArgs): ExportArgs {
  return {
    path: planPathOf('export', args),
    table: choiceOf(args, 'table', EXPORT_TABLES),
    format: choiceOf(args, 'format', FORMAT_NAMES, 'md'),
    year: yearOf(args),
    out: args.options.get('out'),
    include: choiceOf(args, 'include', INCLUDE, 'approved'),
  };
}

/**
 * `shinchoku export <plan.json> --table projects|goals|revision|budget [--format md|csv|json|txt]
 * [--year 2023] [--include approved|all] [--out file]`. The models come from the same function the
 * worker's export uses, so the CLI prints what the server would, values counted the same way.
 */
export async function runExport(argv: readonly string[], io: CliIo): Promise<number> {
  const args = exportArgs(parseCommandArgs('export', argv, OPTIONS));
  const format = OUTPUT_FORMATS[args.format]!;
  if (format.binary && args.out === undefined) throw usageError(cliMessages.binaryNeedsOut(args.format));
  const plan = await readValidPlan(io, args.path);
  const fiscalYear = tableYear(plan, args.table, args.year);
  const models = buildExportModels(plan, [args.table], {
    ...(fiscalYear === undefined ? {} : { fiscalYear }),
    include: args.include,
  });
  // Inconsistencies the builders noticed (a printed 累計 that is not the sum of its years…) are worth
  // seeing, but they do not stop the export: the table prints what the plan says.
  const noticed = models.flatMap((m) => m.problems);
  if (noticed.length > 0) io.stderr(problemLines(noticed));

  // An xlsx carries what the table does not print (ids, the plan's header), for `shinchoku import`.
  const identity =
    args.format === 'xlsx'
      ? identityXml(
          identityOf(plan, {
            tables: [args.table],
            fiscalYear: exportFiscalYear(plan, args.table === 'budget' ? undefined : fiscalYear),
            budgetYear: args.table === 'budget' ? fiscalYear : undefined,
          }),
        )
      : undefined;
  const body = await format.render(models, identity === undefined ? {} : { customXml: identity });
  if (args.out === undefined) {
    if (typeof body !== 'string') throw usageError(cliMessages.binaryNeedsOut(args.format));
    io.stdout(body);
    return EXIT_OK;
  }
  try {
    await io.writeFile(args.out, body);
  } catch (e) {
    const detail = e && typeof e === 'object' && 'code' in e ? String(e.code) : String(e);
    throw dataError(cliMessages.writeFailed(args.out, detail));
  }
  io.stdout(`${args.out} に書き出しました / Wrote ${args.out}\n`);
  return EXIT_OK;
}

import { parseCommandArgs, planPathOf } from './args.ts';
import { type CliIo, EXIT_DATA, EXIT_OK } from './io.ts';
import { readPlanResult } from './load-plan.ts';
import { countLine, problemLines } from './report-lines.ts';

/**
 * `shinchoku validate <plan.json>`: `OK` and any warnings (exit 0), or every problem, one per line,
 * and their count (exit 1).
 */
export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const path = planPathOf('validate', parseCommandArgs('validate', args, []));
  const result = await readPlanResult(io, path);
  if (result.ok) {
    io.stdout(`OK\n${problemLines(result.problems)}`);
    return EXIT_OK;
  }
  io.stdout(problemLines(result.problems) + countLine(result.problems));
  return EXIT_DATA;
}

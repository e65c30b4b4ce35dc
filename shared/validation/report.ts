import { type CellRef, type Problem, problem } from '../problem.ts';
import { messages, type ProblemCode, WARNING_CODES } from './messages.ts';

type MessageArgs<C extends ProblemCode> = Parameters<(typeof messages)[C]>;

/** Builds a Problem from the catalogue: the code decides the message and whether it is only a warning. */
export function report<C extends ProblemCode>(
  code: C,
  path: string,
  args: MessageArgs<C>,
  cell?: CellRef,
): Problem {
  const build = messages[code] as (...a: MessageArgs<C>) => ReturnType<(typeof messages)[C]>;
  return problem(code, path, build(...args), {
    severity: WARNING_CODES.has(code) ? 'warning' : 'error',
    ...(cell ? { cell } : {}),
  });
}

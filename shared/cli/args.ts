import { usageError } from './io.ts';
import { cliMessages } from './messages.ts';

export interface CommandArgs {
  positionals: string[];
  /** Option name without dashes → value. */
  options: Map<string, string>;
}

/**
 * Parses `--name value`, `--name=value` and positionals for one command. Every option of this CLI
 * takes a value; `--` ends the options. Anything unexpected is a usage error naming the option.
 */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  known: readonly string[],
): CommandArgs {
  const positionals: string[] = [];
  const options = new Map<string, string>();
  const knownFlags = known.map((k) => `--${k}`);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !known.includes(name))
      throw usageError(cliMessages.unknownOption(flag, command, knownFlags));
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') throw usageError(cliMessages.missingValue(flag));
    if (options.has(name)) throw usageError(cliMessages.repeatedOption(flag));
    options.set(name, value);
  }
  return { positionals, options };
}

/** The one plan file a command works on. */
export function planPathOf(command: string, { positionals }: CommandArgs): string {
  const [path, extra] = positionals;
  if (path === undefined) throw usageError(cliMessages.missingPlanPath(command));
  if (extra !== undefined) throw usageError(cliMessages.extraArgument(extra));
  return path;
}

/** An option restricted to a list of values. */
export function choiceOf<T extends string>(
  args: CommandArgs,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T {
  const value = args.options.get(name);
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw usageError(cliMessages.missingOption(`--${name}`, choices));
  }
  if (!(choices as readonly string[]).includes(value))
    throw usageError(cliMessages.badChoice(`--${name}`, value, choices));
  return value as T;
}

/** `--year 2023`: a Western fiscal year, digits only. */
export function yearOf(args: CommandArgs): number | undefined {
  const value = args.options.get('year');
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw usageError(cliMessages.badYear(value));
  return Number(value);
}

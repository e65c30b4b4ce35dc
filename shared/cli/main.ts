import { CliError, type CliIo, EXIT_DATA, EXIT_OK, reasonLine, usageError } from './io.ts';
import { cliMessages } from './messages.ts';

const HELP = new Set(['--help', '-h', 'help']);
const VERSION_FLAGS = new Set(['--version', '-v', '-V', 'version']);

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw usageError(cliMessages.noCommand());
  // Help and version are loaded on demand like the commands: `validate` never loads the exporters.
  if (HELP.has(command) || rest.some((a) => HELP.has(a))) {
    io.stdout((await import('./help.ts')).helpText());
    return EXIT_OK;
  }
  if (VERSION_FLAGS.has(command)) {
    io.stdout(`${(await import('./help.ts')).VERSION}\n`);
    return EXIT_OK;
  }
  switch (command) {
    case 'validate':
      return (await import('./validate.ts')).runValidate(rest, io);
    case 'export':
      return (await import('./export.ts')).runExport(rest, io);
    case 'import':
      return (await import('./import.ts')).runImport(rest, io);
    case 'audit':
      return (await import('./audit.ts')).runAudit(rest, io);
    default:
      throw usageError(
        command.startsWith('-')
          ? cliMessages.unknownOption(command, 'shinchoku', ['--help', '--version'])
          : cliMessages.unknownCommand(command),
      );
  }
}

/**
 * The CLI as a function: arguments (without `node` and the script), injected I/O, the exit code back.
 * Whatever happens, a failure is one line on stderr, never a stack trace.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    const known = e instanceof CliError;
    const reason = known ? e.reason : cliMessages.unexpected(e instanceof Error ? e.message : String(e));
    try {
      io.stderr(reasonLine(reason));
    } catch {
      // stderr itself is gone (a closed pipe): the exit code still tells.
    }
    return known ? e.exitCode : EXIT_DATA;
  }
}

/** Entry point of bin/shinchoku.mjs: the real process. */
export async function run(): Promise<void> {
  const { nodeIo } = await import('./node-io.ts');
  process.exitCode = await main(process.argv.slice(2), nodeIo);
}

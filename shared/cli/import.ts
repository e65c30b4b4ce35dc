import type { Message } from '../problem.ts';
import { importProjectTable } from '../render/import-table.ts';
import { Id } from '../schema/index.ts';
import { parseCommandArgs } from './args.ts';
import { type CliIo, dataError, EXIT_OK, usageError } from './io.ts';
import { cliMessages } from './messages.ts';
import { countLine, problemLines } from './report-lines.ts';

const OPTIONS = ['out', 'plan-id'];

const messages = {
  missingTable: (): Message => ({
    ja: '読み込む進捗状況の表（.xlsx または .csv）を指定してください（例: shinchoku import 進捗状況.xlsx --out plan.json）',
    en: 'Give the 進捗状況 table to import (.xlsx or .csv), e.g. shinchoku import table.xlsx --out plan.json.',
  }),
  missingOut: (): Message => ({
    ja: '--out で書き出す計画ファイル（.json）を指定してください',
    en: 'Give the plan file (.json) to write with --out.',
  }),
  badPlanId: (value: string): Message => ({
    ja: `--plan-id「${value}」は使えません。英数字と「_」「.」「-」で指定してください`,
    en: `--plan-id "${value}" is not usable: use letters, digits, "_", "." or "-".`,
  }),
  noBytes: (): Message => ({
    ja: 'この環境ではファイルをバイナリで読めません',
    en: 'Files cannot be read as bytes here.',
  }),
  unreadable: (path: string, errors: number): Message => ({
    ja: `${path} を計画ファイルにできません（エラー${errors}件。上の一覧のセルを直してください）`,
    en: `${path} cannot be turned into a plan file (${errors} error${errors === 1 ? '' : 's'}; fix the cells listed above).`,
  }),
};

/**
 * `shinchoku import <table.xlsx|table.csv> --out plan.json [--plan-id id]`: reads a 進捗状況 project
 * table (the layout `export --table projects` writes) into the interchange format, so a city can
 * start from last year's file. Problems are listed one per line with the cell; with an error no file
 * is written.
 */
export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCommandArgs('import', argv, OPTIONS);
  const [path, extra] = args.positionals;
  if (path === undefined) throw usageError(messages.missingTable());
  if (extra !== undefined) throw usageError(cliMessages.extraArgument(extra));
  const out = args.options.get('out');
  if (out === undefined) throw usageError(messages.missingOut());
  const planId = args.options.get('plan-id');
  if (planId !== undefined && !Id.safeParse(planId).success) throw usageError(messages.badPlanId(planId));
  if (!io.readBytes) throw dataError(messages.noBytes());

  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(path);
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : String(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw usageError(cliMessages.fileNotFound(path));
    throw usageError(cliMessages.fileUnreadable(path, code));
  }
  const result = await importProjectTable(bytes, planId === undefined ? {} : { planId });
  if (result.problems.length > 0) io.stderr(problemLines(result.problems) + countLine(result.problems));
  if (!result.plan) {
    throw dataError(messages.unreadable(path, result.problems.filter((p) => p.severity === 'error').length));
  }
  try {
    await io.writeFile(out, `${JSON.stringify(result.plan, null, 2)}\n`);
  } catch (e) {
    const detail = e && typeof e === 'object' && 'code' in e ? String(e.code) : String(e);
    throw dataError(cliMessages.writeFailed(out, detail));
  }
  const projects = result.plan.projects.length;
  const indicators = result.plan.projects.reduce((n, p) => n + p.indicators.length, 0);
  io.stdout(
    `${out} に書き出しました（事業 ${projects}件、指標 ${indicators}件） / Wrote ${out} (${projects} projects, ${indicators} indicators)\n`,
  );
  return EXIT_OK;
}

import { parseCsv } from '../import/grid.ts';
import { type ImportResult, importTables, summaryLine } from '../import/index.ts';
import type { Message } from '../problem.ts';
import { Id } from '../schema/index.ts';
import { parseCommandArgs } from './args.ts';
import { type CliIo, dataError, EXIT_OK, usageError } from './io.ts';
import { cliMessages } from './messages.ts';
import { countLine, problemLines } from './report-lines.ts';

const OPTIONS = ['out', 'plan-id', 'title', 'departments'];
/** The one option without a value: taking a partial result must be said out loud. */
const ACCEPT_PARTIAL = '--accept-partial';

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
  departmentsUnreadable: (path: string, why: string): Message => ({
    ja: `--departments の ${path} を読み取れません（${why}）。担当課名とIDの対応を {"担当課名": "id"} のJSON、[{"id", "name"}] のJSON（計画ファイルの departments でも可）、または「担当課名,id」のCSVで書いてください`,
    en: `Cannot read ${path} given to --departments (${why}). Write the department names and ids as JSON {"name": "id"}, as JSON [{"id", "name"}] (a plan file's departments too), or as CSV lines "name,id".`,
  }),
  noBytes: (): Message => ({
    ja: 'この環境ではファイルをバイナリで読めません',
    en: 'Files cannot be read as bytes here.',
  }),
  unreadable: (path: string, errors: number): Message => ({
    ja: `${path} を計画ファイルにできません（エラー${errors}件。上の一覧のセルを直してください。読めた内容だけを書き出すには ${ACCEPT_PARTIAL} を付けます）`,
    en: `${path} cannot be turned into a plan file (${errors} error${errors === 1 ? '' : 's'}; fix the cells listed above, or add ${ACCEPT_PARTIAL} to write what could be read).`,
  }),
  nothing: (path: string, errors: number): Message => ({
    ja: `${path} から計画ファイルを作れません（エラー${errors}件。上の一覧を見てください）`,
    en: `No plan file can be made from ${path} (${errors} error${errors === 1 ? '' : 's'}; see the list above).`,
  }),
};

/** `--accept-partial` anywhere before `--`, taken out of the arguments the option parser sees. */
function splitAcceptPartial(argv: readonly string[]): { accept: boolean; rest: string[] } {
  const end = argv.indexOf('--');
  const head = end === -1 ? [...argv] : argv.slice(0, end);
  const tail = end === -1 ? [] : argv.slice(end);
  const rest = head.filter((a) => a !== ACCEPT_PARTIAL);
  return { accept: rest.length < head.length, rest: [...rest, ...tail] };
}

async function readTable(io: CliIo, path: string): Promise<Uint8Array> {
  if (!io.readBytes) throw dataError(messages.noBytes());
  try {
    return await io.readBytes(path);
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : String(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw usageError(cliMessages.fileNotFound(path));
    throw usageError(cliMessages.fileUnreadable(path, code));
  }
}

/**
 * A department name → id map for `--departments`: JSON `{ "文化観光局東北連携推進室": "tohoku-renkei" }`,
 * JSON `[{ "id": …, "name": … }]` (or a plan file, whose `departments` it takes), or CSV lines
 * `name,id` (a first line `name,id` / `担当課,id` is a header). Ids are checked by the import.
 */
export function parseDepartmentMap(text: string): Record<string, string> | string {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('{') || body.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch (e) {
      return `JSON: ${(e as Error).message}`;
    }
    const list = Array.isArray(data)
      ? data
      : data && typeof data === 'object' && Array.isArray((data as { departments?: unknown }).departments)
        ? (data as { departments: unknown[] }).departments
        : null;
    if (list === null) {
      const entries = Object.entries(data as Record<string, unknown>);
      if (entries.some(([, v]) => typeof v !== 'string')) return 'every value must be an id (a string)';
      return Object.fromEntries(entries as [string, string][]);
    }
    const out: Record<string, string> = {};
    for (const d of list) {
      const { id, name } = (d ?? {}) as { id?: unknown; name?: unknown };
      if (typeof id !== 'string' || typeof name !== 'string') return 'every entry needs "id" and "name"';
      out[name] = id;
    }
    return out;
  }
  const out: Record<string, string> = {};
  const rows = parseCsv(body) ?? [];
  for (const [i, row] of rows.entries()) {
    const [name = '', id = ''] = row.map((f) => f.trim());
    if (name === '' && id === '') continue;
    if (i === 0 && /^(?:name|担当課|担当課名|department)$/iu.test(name) && /^id$/iu.test(id)) continue;
    if (name === '' || id === '' || row.length > 2) return `line ${i + 1}: "name,id" expected`;
    out[name] = id;
  }
  return out;
}

async function readDepartments(io: CliIo, path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : String(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw usageError(cliMessages.fileNotFound(path));
    throw usageError(cliMessages.fileUnreadable(path, code));
  }
  const map = parseDepartmentMap(text);
  if (typeof map === 'string') throw usageError(messages.departmentsUnreadable(path, map));
  return map;
}

async function writePlan(io: CliIo, out: string, result: ImportResult): Promise<void> {
  try {
    await io.writeFile(out, `${JSON.stringify(result.plan, null, 2)}\n`);
  } catch (e) {
    const detail = e && typeof e === 'object' && 'code' in e ? String(e.code) : String(e);
    throw dataError(cliMessages.writeFailed(out, detail));
  }
}

/**
 * `shinchoku import <table.xlsx|table.csv> --out plan.json [--plan-id id] [--title 計画名]
 * [--departments map.json|map.csv] [--accept-partial]`: reads the official tables (the project and
 * goal tables as this project exports them or as published; the 新旧対照表 and the budget table as
 * exported) into the interchange format. `--departments` maps department names to the ids they
 * have elsewhere (else an xlsx of ours says, else the id is derived from the name). It prints what
 * it read, lists every cell it could not read or keep with its address, and writes nothing when
 * there is such a cell, unless --accept-partial says a partial plan is wanted.
 */
export async function runImport(argv: readonly string[], io: CliIo): Promise<number> {
  const { accept, rest } = splitAcceptPartial(argv);
  const args = parseCommandArgs('import', rest, OPTIONS);
  const [path, extra] = args.positionals;
  if (path === undefined) throw usageError(messages.missingTable());
  if (extra !== undefined) throw usageError(cliMessages.extraArgument(extra));
  const out = args.options.get('out');
  if (out === undefined) throw usageError(messages.missingOut());
  const planId = args.options.get('plan-id');
  if (planId !== undefined && !Id.safeParse(planId).success) throw usageError(messages.badPlanId(planId));
  const title = args.options.get('title');
  const departmentsPath = args.options.get('departments');
  const departmentIds =
    departmentsPath === undefined ? undefined : await readDepartments(io, departmentsPath);

  const bytes = await readTable(io, path);
  const result = await importTables(bytes, {
    ...(planId !== undefined ? { planId } : {}),
    ...(title !== undefined ? { title } : {}),
    ...(departmentIds !== undefined ? { departmentIds } : {}),
    acceptPartial: accept,
  });
  if (result.problems.length > 0) io.stderr(problemLines(result.problems) + countLine(result.problems));
  const read = summaryLine(result.summary);
  io.stdout(`${read.ja} / ${read.en}\n`);
  const errors = result.summary.errors;
  if (!result.plan) throw dataError((accept ? messages.nothing : messages.unreadable)(path, errors));
  await writePlan(io, out, result);
  const projects = result.plan.projects.length;
  const indicators = result.plan.projects.reduce((n, p) => n + p.indicators.length, 0);
  const partly = result.partial ? '（一部）' : '';
  io.stdout(
    `${out} に書き出しました${partly}（事業 ${projects}件、指標 ${indicators}件） / Wrote ${out}${result.partial ? ' (partial)' : ''} (${projects} projects, ${indicators} indicators)\n`,
  );
  return EXIT_OK;
}

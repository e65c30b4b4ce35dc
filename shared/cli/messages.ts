import type { Message } from '../problem.ts';

/** The CLI's own messages (the command line and files); data problems come from shared/validation. */
const list = (items: readonly (string | number)[]) => items.join(', ');
const cut = (text: string) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

export const cliMessages = {
  noCommand: (): Message => ({
    ja: 'コマンドを指定してください（validate または export）。使い方は shinchoku --help',
    en: 'Give a command (validate or export). See shinchoku --help.',
  }),
  unknownCommand: (command: string): Message => ({
    ja: `「${cut(command)}」というコマンドはありません。validate か export を指定してください`,
    en: `Unknown command "${cut(command)}". Use validate or export.`,
  }),
  unknownOption: (option: string, command: string, known: readonly string[]): Message => ({
    ja: `${command} に ${cut(option)} というオプションはありません${known.length ? `（使えるもの: ${list(known)}）` : ''}`,
    en: `${command} has no option ${cut(option)}${known.length ? ` (known: ${list(known)})` : ''}.`,
  }),
  missingValue: (option: string): Message => ({
    ja: `${option} の値がありません。${option} の後に値を書いてください`,
    en: `${option} needs a value. Write it after ${option}.`,
  }),
  repeatedOption: (option: string): Message => ({
    ja: `${option} が2回指定されています。1回にしてください`,
    en: `${option} is given twice. Give it once.`,
  }),
  missingOption: (option: string, choices: readonly string[]): Message => ({
    ja: `${option} を指定してください（${list(choices)}）`,
    en: `Give ${option} (${list(choices)}).`,
  }),
  badChoice: (option: string, value: string, choices: readonly string[]): Message => ({
    ja: `${option} に「${cut(value)}」は使えません。使えるもの: ${list(choices)}`,
    en: `${option} cannot be "${cut(value)}". Supported: ${list(choices)}.`,
  }),
  badYear: (value: string): Message => ({
    ja: `--year「${cut(value)}」は年度として読めません。西暦の年度で指定してください（例: --year 2023）`,
    en: `--year "${cut(value)}" is not a fiscal year. Give a Western-calendar year, e.g. --year 2023.`,
  }),
  missingPlanPath: (command: string): Message => ({
    ja: `計画ファイル（.json）を指定してください（例: shinchoku ${command} plan.json）`,
    en: `Give the plan file (.json), e.g. shinchoku ${command} plan.json.`,
  }),
  extraArgument: (arg: string): Message => ({
    ja: `余分な引数「${cut(arg)}」があります。計画ファイルは1つだけ指定してください`,
    en: `Unexpected argument "${cut(arg)}". Give one plan file.`,
  }),
  fileNotFound: (path: string): Message => ({
    ja: `ファイル ${cut(path)} が見つかりません。パスを確かめてください`,
    en: `File ${cut(path)} not found. Check the path.`,
  }),
  fileUnreadable: (path: string, detail: string): Message => ({
    ja: `ファイル ${cut(path)} を読めません（${cut(detail)}）`,
    en: `Cannot read ${cut(path)} (${cut(detail)}).`,
  }),
  notUtf8: (path: string): Message => ({
    ja: `${cut(path)} は UTF-8 として読めない文字を含んでいます。文字コードを UTF-8 にして保存し直してください`,
    en: `${cut(path)} is not valid UTF-8. Save it again encoded as UTF-8.`,
  }),
  notJson: (path: string, detail: string): Message => ({
    ja: `${cut(path)} は JSON として読めません（${cut(detail)}）。計画ファイル（JSON）を指定してください`,
    en: `${cut(path)} is not valid JSON (${cut(detail)}). Give a plan file in JSON.`,
  }),
  invalidPlan: (path: string, errors: number, first: Message): Message => ({
    ja: `${cut(path)} は計画ファイルとして正しくありません（エラー${errors}件。最初のもの: ${first.ja}）。shinchoku validate ${cut(path)} で一覧を確かめてください`,
    en: `${cut(path)} is not a valid plan file (${errors} error${errors === 1 ? '' : 's'}; the first: ${first.en}). Run shinchoku validate ${cut(path)} for the list.`,
  }),
  noCycles: (): Message => ({
    ja: '計画ファイルに報告年度（cycles）がありません。実績値のある年度を追加してください',
    en: 'The plan file has no report cycles. Add a cycle with its values.',
  }),
  noSuchCycle: (year: number, years: readonly number[]): Message => ({
    ja: `${year}年度の報告年度がありません（ある年度: ${list(years)}）`,
    en: `There is no report cycle for FY${year} (cycles: ${list(years)}).`,
  }),
  noBudgets: (): Message => ({
    ja: '計画ファイルに予算（budgets）がありません。予算表は作れません',
    en: 'The plan file has no budgets, so there is no budget table.',
  }),
  noSuchBudgetYear: (year: number, years: readonly number[]): Message => ({
    ja: `${year}年度の予算がありません（ある年度: ${list(years)}）`,
    en: `There is no budget for FY${year} (years: ${list(years)}).`,
  }),
  noPreviousVersion: (): Message => ({
    ja: '計画ファイルに過去の版（previousVersions）がないため、新旧対照表は作れません',
    en: 'The plan file has no previous version, so there is no revision table.',
  }),
  binaryNeedsOut: (format: string): Message => ({
    ja: `${format} 形式は画面に出せません。--out でファイル名を指定してください`,
    en: `The ${format} format cannot go to the terminal. Give a file with --out.`,
  }),
  writeFailed: (path: string, detail: string): Message => ({
    ja: `${cut(path)} に書き込めません（${cut(detail)}）。出力先を確かめてください`,
    en: `Cannot write ${cut(path)} (${cut(detail)}). Check the output path.`,
  }),
  unexpected: (detail: string): Message => ({
    ja: `予期しないエラーが起きました（${cut(detail)}）。入力ファイルを添えて報告してください`,
    en: `Unexpected error (${cut(detail)}). Please report it with the input file.`,
  }),
};

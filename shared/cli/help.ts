import pkg from '../../package.json' with { type: 'json' };
import { FORMAT_NAMES, OUTPUT_FORMATS } from './formats.ts';

export const VERSION: string = pkg.version;

export function helpText(): string {
  const formats = FORMAT_NAMES.map((f) => `    ${f.padEnd(6)}${OUTPUT_FORMATS[f]!.description}`).join('\n');
  return `shinchoku ${VERSION} — 計画ファイル（JSON）の検証と公表用の表の書き出し
Validate Shinchoku plan files (JSON) and export the official tables, offline.

使い方 / Usage:
  shinchoku validate <plan.json>
      計画ファイルを検証します。問題がなければ OK（と警告）を表示します。
      Checks a plan file; prints OK (and any warnings), or every problem, one per line:
      severity, JSON path, Japanese message, English message (tab-separated).

  shinchoku export <plan.json> --table <table> [--format <format>] [--year <年度>]
                   [--include approved|all] [--out <file>]
      公表用の表を書き出します。Renders an official table.
      --table     projects (事業の実績) | goals (数値目標の進捗状況) | revision (新旧対照表) | budget (予算)
      --format    default md:
${formats}
      --year      報告年度 (西暦, e.g. 2023); default: the latest cycle (budget: the latest budget year)
      --include   approved (default: values of approved submissions only) | all
      --out       write to this file instead of standard output

  shinchoku import <table.xlsx|table.csv> --out <plan.json> [--plan-id <id>] [--title <計画名>]
                   [--departments <map.json|map.csv>] [--accept-partial]
      進捗状況の事業表・数値目標の表（書き出した形・公表された形）、新旧対照表と予算の表
      （書き出した形）の xlsx / CSV を計画ファイルに読み込みます。読めなかったセルと計画ファイルに
      保持できない内容をセル番地つきで示し、1つでもあれば書き出しません（--accept-partial で
      読めた内容だけを書き出します）。--departments: 担当課名→ID の対応（JSON か「担当課名,id」の CSV）。
      Reads the project and goal tables (as exported or as published), the 新旧対照表 and the budget
      table (as exported) into a plan file; lists every cell it could not read or keep, with its
      address, and writes nothing if there is one (--accept-partial writes what was read). --title:
      the plan's title when only the project table is given (it does not print it). --departments:
      department name → id (JSON, or CSV lines name,id); other departments keep the ids an xlsx of
      ours carries, else ids derived from their names.

  shinchoku audit verify --base-url <URL> --token <token> --plan <id> --year <年度>
      サーバーに報告年度の各担当課の履歴のハッシュ連鎖を検証させ、担当課ごとの結果と不整合
      （履歴の番号、期待値と実際の値）を表示します。不整合が1つでもあれば終了コード 1。
      Asks the server to verify the hash chain of every department's history in the cycle; prints
      each chain and each break (entry id, expected and found hash); exit code 1 when one is broken.

  shinchoku --help | --version

終了コード / Exit codes: 0 OK, 1 invalid data, 2 wrong command line.
`;
}

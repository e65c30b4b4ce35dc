import { escapeHtml, escapeLines } from '../render/html-escape.ts';
import { csvField } from '../tables/csv.ts';
import type { IndicatorAuditResponse } from './api.ts';

/**
 * The story of a figure (docs/conversation.md §5) as CSV and HTML: every save of the value, the
 * workflow steps of the sheets holding it, its comments and its evidence, in time order, in Japanese.
 * CSV: UTF-8 with a BOM (Excel opens it as UTF-8), CRLF, formula starts neutralised. HTML: one page,
 * everything escaped, nothing that loads or runs (the route sends a strict CSP).
 */

const ACTION_LABELS: Readonly<Record<string, string>> = {
  save: '保存',
  submit: '提出',
  approve: '承認',
  return: '差し戻し',
  reopen: '再開・取り下げ',
  comment: 'コメント',
  comment_edit: 'コメント編集',
  evidence: '証拠ファイル',
};

const FIELD_LABELS: Readonly<Record<string, string>> = {
  value: '実績値',
  missingReason: '未記入の理由',
  footnotes: '注記',
  status: '状態',
  text: '記述',
  marker: '記号',
  period: '時点',
  basis: '集計の基準',
};

const shown = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);

export interface StoryLine {
  at: string;
  kind: string;
  fiscalYear: number | null;
  departmentId: string | null;
  who: string;
  item: string;
  before: string;
  after: string;
}

/** Every event of the story as one list, oldest first. */
export function storyLines(s: IndicatorAuditResponse): StoryLine[] {
  const lines: StoryLine[] = [
    ...s.values.map((v) => ({
      at: v.at,
      kind: ACTION_LABELS[v.action] ?? v.action,
      fiscalYear: v.fiscalYear,
      departmentId: v.departmentId,
      who: v.userName ?? v.userId ?? '',
      item: FIELD_LABELS[v.field ?? ''] ?? v.field ?? '',
      before: shown(v.before),
      after: shown(v.after),
    })),
    ...s.workflow.map((v) => ({
      at: v.at,
      kind: ACTION_LABELS[v.action] ?? v.action,
      fiscalYear: v.fiscalYear,
      departmentId: v.departmentId,
      who: v.userName ?? v.userId ?? '',
      item: '状態',
      before: shown(v.before),
      after: shown((v.after as { status?: unknown } | null)?.status ?? v.after),
    })),
    ...s.comments.flatMap((c) =>
      c.versions.map((v, i) => ({
        at: v.at,
        kind: i === 0 ? 'コメント' : 'コメント編集',
        fiscalYear: c.fiscalYear,
        departmentId: c.departmentId,
        who: v.userName ?? v.userId,
        item: `コメント ${c.id.slice(0, 8)} 第${v.version}版`,
        before: i === 0 ? '' : (c.versions[i - 1]?.text ?? ''),
        after: v.text,
      })),
    ),
    ...s.evidence.map((e) => ({
      at: e.uploadedAt,
      kind: '証拠ファイル',
      fiscalYear: e.fiscalYear,
      departmentId: e.departmentId,
      who: e.uploadedByName ?? e.uploadedBy,
      item: e.fileName,
      before: '',
      after: `${e.contentType}, ${e.size} bytes, SHA-256 ${e.sha256}`,
    })),
  ];
  return lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

const HEADER = ['日時', '種別', '年度', '担当課', '利用者', '項目', '変更前', '変更後・内容'];

export function storyCsv(s: IndicatorAuditResponse): string {
  const rows = [
    [`指標「${s.indicator.name}」（${s.indicator.id}）の経緯`],
    HEADER,
    ...storyLines(s).map((l) => [
      l.at,
      l.kind,
      l.fiscalYear === null ? '' : String(l.fiscalYear),
      l.departmentId ?? '',
      l.who,
      l.item,
      l.before,
      l.after,
    ]),
  ];
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export function storyHtml(s: IndicatorAuditResponse): string {
  const title = `指標「${s.indicator.name}」の経緯`;
  const table = (head: readonly string[], body: readonly (readonly string[])[]) =>
    body.length === 0
      ? '<p>記録はありません。</p>'
      : `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body
          .map((r) => `<tr>${r.map((c) => `<td>${escapeLines(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  const lines = storyLines(s);
  const of = (kinds: readonly string[]) => lines.filter((l) => kinds.includes(l.kind));
  const row = (l: StoryLine) => [
    l.at,
    l.kind,
    l.fiscalYear === null ? '' : String(l.fiscalYear),
    l.departmentId ?? '',
    l.who,
    l.item,
    l.before,
    l.after,
  ];
  const sections: [string, StoryLine[]][] = [
    ['値の変更履歴', of(['保存'])],
    ['提出・承認・差し戻し', of(['提出', '承認', '差し戻し', '再開・取り下げ'])],
    ['コメント', of(['コメント', 'コメント編集'])],
    ['証拠ファイル', of(['証拠ファイル'])],
  ];
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}th,td{border:1px solid #888;padding:.25em .5em;vertical-align:top;text-align:left}th{background:#eee}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>計画 ${escapeHtml(s.planId)}・指標 ${escapeHtml(s.indicator.id)}（単位: ${escapeHtml(s.indicator.unit)}）${s.fiscalYear === null ? '' : `・${s.fiscalYear}年度`}</p>
${sections.map(([h, l]) => `<h2>${escapeHtml(h)}</h2>\n${table(HEADER, l.map(row))}`).join('\n')}
</body></html>
`;
}

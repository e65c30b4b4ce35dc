import type { Message } from '../../../shared/problem.ts';
import type { Lang, Params } from './i18n.ts';

/**
 * The words of the conversation around a number (docs/conversation.md): the comment thread, the
 * evidence files and the story of a figure, Japanese first. Kept apart from messages.ts (the sheet
 * pane) and console-messages.ts (the console) as those are. The limits in them are never written
 * here: they are filled in from shared/conversation/rules.ts.
 */
const M = (ja: string, en: string) => ({ ja, en });

export const conversationMessages = {
  // the thread (§1)
  threadTitleIndicator: M('コメント: {name}', 'Comments: {name}'),
  threadTitleProject: M('コメント（主な取組）: {name}', 'Comments (main activities): {name}'),
  threadLoading: M('コメントを読み込んでいます…', 'Loading the comments…'),
  threadEmpty: M('まだコメントはありません。', 'No comments yet.'),
  threadUnread: M('未読 {n} 件', '{n} unread'),
  unreadBadge: M('未読 {n}', '{n} unread'),
  you: M('{name}（自分）', '{name} (you)'),
  edited: M('編集済み', 'edited'),
  showVersions: M('以前の版を表示（{n}）', 'Show earlier versions ({n})'),
  hideVersions: M('以前の版を隠す', 'Hide earlier versions'),
  version: M('第{version}版 · {at} · {who}', 'Version {version} · {at} · {who}'),
  versionNumber: M('第{version}版', 'Version {version}'),
  draftLabel: M('コメントを書く', 'Write a comment'),
  draftCount: M('{n} / {max} 文字', '{n} / {max} characters'),
  send: M('送信', 'Send'),
  sending: M('送信中…', 'Sending…'),
  posted: M('コメントを投稿しました。', 'The comment was posted.'),
  edit: M('編集', 'Edit'),
  saveEdit: M('保存', 'Save'),
  savingEdit: M('保存中…', 'Saving…'),
  cancelEdit: M('キャンセル', 'Cancel'),
  editSaved: M(
    'コメントを編集しました（以前の版も残ります）。',
    'The comment was edited (the earlier version stays).',
  ),
  // the department's pane beside its sheet (sheet-threads.ts)
  markUnread: M(
    '💬 未読のコメントが {n} 件あります。この行を選ぶと作業ウィンドウに表示されます。',
    '💬 {n} unread comment(s). Select this row to read them in the task pane.',
  ),
  markComments: M(
    '💬 コメント {n} 件。この行を選ぶと作業ウィンドウに表示されます。',
    '💬 {n} comment(s). Select this row to see them in the task pane.',
  ),
  unreadListTitle: M('💬 未読のコメント（{n} 件）', '💬 Unread comments ({n})'),
  unreadListEmpty: M('未読のコメントはありません。', 'No unread comments.'),
  unreadListFailed: M(
    '未読の件数を読み込めませんでした: {message}',
    'Could not load the unread counts: {message}',
  ),
  threadHint: M(
    'シートで指標（または事業の主な取組）の行を選ぶと、そのコメントと証拠ファイルがここに表示されます。',
    'Select a KPI’s (or a project’s main activities) row on the sheet to see its comments and evidence files here.',
  ),
  refreshThreads: M('コメントを更新', 'Refresh comments'),
  closeThread: M('閉じる', 'Close'),
  networkError: M(
    'サーバーに接続できません。書いた内容は残っています。接続を確認してからもう一度送信してください。',
    'Cannot reach the server. What you wrote is kept: check the connection and send it again.',
  ),
  // evidence (§2)
  evidenceTitle: M('証拠ファイル', 'Evidence files'),
  evidenceLoading: M('証拠ファイルを読み込んでいます…', 'Loading the evidence files…'),
  evidenceNone: M('証拠ファイルはまだありません。', 'No evidence file yet.'),
  evidenceLimit: M(
    '添付できるファイル: {types}（1 ファイル {mb} MB まで・この指標に {max} 件まで）',
    'Files you may attach: {types} (up to {mb} MB each, {max} per indicator)',
  ),
  evidenceCount: M('{n} / {max} 件', '{n} of {max}'),
  evidenceChoose: M('ファイルを添付', 'Attach a file'),
  evidenceMeta: M('{size} · {at} · {who}', '{size} · {at} · {who}'),
  evidenceDownload: M('ダウンロード', 'Download'),
  evidenceSending: M('「{name}」を送信しています…', 'Sending “{name}”…'),
  evidenceUploaded: M('「{name}」を添付しました。', '“{name}” was attached.'),
  evidenceTooLarge: M(
    '「{name}」は {size} あります。証拠ファイルは {mb} MB までです。小さくするか分けて添付してください。',
    '“{name}” is {size}. An evidence file may be at most {mb} MB: make it smaller or split it.',
  ),
  evidenceEmptyFile: M('「{name}」は空です（0 バイト）。', '“{name}” is empty (0 bytes).'),
  evidenceTypeRefused: M(
    '「{name}」は添付できない種類のファイルです。添付できるのは {types} です（中身で判定します）。',
    '“{name}” is not a kind of file that may be attached. Allowed: {types} (judged by the content).',
  ),
  evidenceFull: M(
    'この指標の証拠ファイルは {max} 件までです。不要なものがないか確認してください。',
    'An indicator’s value may carry at most {max} evidence files.',
  ),
  // the story of a figure (§5)
  auditTitle: M('指標「{name}」の経緯', 'The story of “{name}”'),
  auditSubtitle: M('計画 {plan} · 指標 {id} · 単位 {unit}', 'Plan {plan} · indicator {id} · unit {unit}'),
  auditYear: M('{fy}年度', 'FY{fy}'),
  auditAllYears: M('すべての年度', 'All years'),
  auditLoading: M('経緯を読み込んでいます…', 'Loading the story…'),
  auditValues: M('値の変更', 'Changes of the value'),
  auditComments: M('コメント', 'Comments'),
  auditEvidence: M('証拠ファイル', 'Evidence files'),
  auditWorkflow: M('提出・承認の経過', 'Submission and approval'),
  auditNone: M('記録はありません。', 'Nothing recorded.'),
  auditDownloadCsv: M('CSV をダウンロード', 'Download CSV'),
  auditDownloadHtml: M('HTML をダウンロード', 'Download HTML'),
  colAt: M('日時', 'When'),
  colAction: M('操作', 'Action'),
  colWho: M('担当者', 'Who'),
  colBefore: M('変更前', 'Before'),
  colAfter: M('変更後', 'After'),
  colYear: M('年度', 'Year'),
  colDepartment: M('担当課', 'Department'),
  colComment: M('コメント', 'Comment'),
  colFile: M('ファイル', 'File'),
  colSize: M('サイズ', 'Size'),
  colSha: M('SHA-256', 'SHA-256'),
  emptyValue: M('（空欄）', '(empty)'),
  actionWithField: M('{action}（{field}）', '{action} ({field})'),
  actionSave: M('保存', 'Saved'),
  actionComment: M('コメント', 'Comment'),
  actionCommentEdit: M('コメント編集', 'Comment edited'),
  actionEvidence: M('証拠ファイル', 'Evidence file'),
  fieldValue: M('実績値', 'actual'),
  fieldMissingReason: M('未確定の理由', 'reason if missing'),
  fieldFootnotes: M('脚注', 'footnotes'),
  fieldStatus: M('状況（定性）', 'status'),
  fieldText: M('記述', 'text'),
  fieldMarker: M('記号', 'marker'),
  fieldPeriod: M('時点', 'period'),
  fieldBasis: M('集計の基準', 'basis'),
  unknownUser: M('（不明）', '(unknown)'),
} as const;

export type ConversationMessageKey = keyof typeof conversationMessages;

const fill = (template: string, params: Params) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

/** The word in the pane's language, `{name}` placeholders filled. */
export function cvt(lang: Lang, key: ConversationMessageKey, params: Params = {}): string {
  return fill(conversationMessages[key][lang], params);
}

/** The word in both languages: what a state keeps, so a selector can speak either. */
export function cvm(key: ConversationMessageKey, params: Params = {}): Message {
  return { ja: cvt('ja', key, params), en: cvt('en', key, params) };
}

/** A size as people read it: 850 KB, 12.4 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

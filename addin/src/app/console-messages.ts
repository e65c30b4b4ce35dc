import type { Lang, Params } from './i18n.ts';

/**
 * The words of the coordinator's console, Japanese first (kept apart from messages.ts, the sheet
 * pane's words). `ct(lang, key, params)` fills `{name}` placeholders as the pane's translator does.
 */
const M = (ja: string, en: string) => ({ ja, en });

export const consoleMessages = {
  // tabs
  tabStatus: M('提出状況', 'Submissions'),
  tabPlans: M('計画', 'Plans'),
  tabCycles: M('報告年度', 'Cycles'),
  tabDirectory: M('担当課・利用者', 'Departments & users'),
  tabHistory: M('操作履歴', 'History'),
  // review
  review: M('内容を確認', 'Review'),
  reviewTitle: M('{department} の報告内容（{cycle}）', 'Report of {department} ({cycle})'),
  reviewRevision: M('確認している版: {revision}', 'Revision under review: {revision}'),
  reviewBack: M('← 提出状況に戻る', '← Back to submissions'),
  reviewCompleteness: M(
    'KPI 入力 {filled}/{total} · 主な取組 {activities}/{projects}',
    'KPIs filled {filled}/{total} · activities {activities}/{projects}',
  ),
  reviewProblems: M('入力チェック（{n}件）', 'Problems ({n})'),
  reviewNoProblems: M('入力チェックで問題はありません。', 'No problems found.'),
  reviewChanges: M('前回の提出からの変更（{n}件）', 'Changes since the last submission ({n})'),
  reviewFirstSubmission: M(
    '初回の提出です（前回の提出はありません）。入力された値（{n}件）',
    'First submission (none before). Values entered ({n})',
  ),
  reviewNoChanges: M('前回の提出から変更はありません。', 'Nothing changed since the last submission.'),
  reviewMoreChanges: M('ほか {n} 件', '{n} more'),
  reviewApproveHint: M(
    '表示している版（{revision}）を承認します。確認後に担当課が変更した場合は承認されません。',
    'Approves revision {revision} as shown; if the department changed the sheet since, nothing is approved.',
  ),
  reviewReadOnly: M('閲覧のみ（入力は Excel で行います）', 'Read only (values are entered in Excel)'),
  reviewOpenInExcel: M('Excelで開く', 'Open in Excel'),
  reviewExcelDone: M(
    'シート「{sheet}」に書き出しました（閲覧のみ・保護）。承認・差し戻しはこの画面で行います。',
    'Written to the sheet "{sheet}" (read only, protected). Approve or return it here.',
  ),
  reviewExcelFailed: M(
    'Excel のシートに書き出せませんでした（{message}）。',
    'Could not write the Excel sheet ({message}).',
  ),
  reviewSheetNote: M(
    '閲覧のみ（保護されたシート）。承認・差し戻しは作業ウィンドウで、表示している版（{revision}）に対して行います。',
    'Read only (a protected sheet). Approve or return it in the task pane, on the revision shown ({revision}).',
  ),
  reviewSheetChanged: M('変更あり', 'changed'),
  colProblems: M('入力チェック', 'Problems'),
  colChanged: M('前回の提出から', 'Since last submission'),
  colActivities: M('主な取組', 'Main activities'),
  colIndicator: M('指標', 'Indicator'),
  colBaseline: M('当初値', 'Baseline'),
  colTarget: M('目標値', 'Target'),
  colActual: M('実績値', 'Actual'),
  colAchievement: M('達成度', 'Achievement'),
  colCumulative: M('累計', 'Cumulative'),
  colJudgement: M('判定', 'Result'),
  colNotes: M('脚注・理由', 'Footnotes, reasons'),
  fieldValue: M('実績値', 'actual'),
  fieldMissingReason: M('未確定の理由', 'reason'),
  fieldFootnotes: M('脚注', 'footnotes'),
  fieldStatus: M('状況', 'status'),
  fieldMarker: M('記号', 'marker'),
  fieldActivities: M('主な取組', 'main activities'),
  fieldOther: M('{field}', '{field}'),
  empty: M('（空欄）', '(empty)'),
  // reminders
  remindersTitle: M('未提出・入力途中の担当課（{n}）', 'Not submitted or incomplete ({n})'),
  remindersNone: M('督促が必要な担当課はありません。', 'No department needs a reminder.'),
  reminderMail: M('メールで督促', 'Remind by e-mail'),
  reminderCopy: M('Teams 用にコピー', 'Copy for Teams'),
  reminderCopied: M('コピーしました', 'Copied'),
  reminderNoAddress: M('メールアドレスが登録されていません', 'No e-mail address registered'),
  reminderMissing: M('未入力 {n}件', '{n} missing'),
  // plans
  plansTitle: M('計画の一覧', 'Plans'),
  planArchived: M('アーカイブ済み', 'Archived'),
  planArchive: M('アーカイブ', 'Archive'),
  planRestore: M('アーカイブから戻す', 'Restore'),
  planDelete: M('削除', 'Delete'),
  planDeleteConfirm: M(
    '計画「{title}」（{id}）を削除します。元に戻せません。よろしいですか？',
    'Delete plan "{title}" ({id})? This cannot be undone.',
  ),
  planDeleted: M('計画「{id}」を削除しました。', 'Plan "{id}" was deleted.'),
  planSameTitle: M('同じ名前の計画がほかにもあります', 'Another plan has the same title'),
  importTitle: M('表から計画を読み込む', 'Import a plan from a table'),
  importHelp: M(
    '昨年度の進捗状況の表（.xlsx または .csv）を選ぶと、保存する前に読み取った内容と問題のあるセルを表示します。',
    'Choose last year’s progress table (.xlsx or .csv): what was read and every problem by cell are shown before anything is saved.',
  ),
  importFile: M('ファイル', 'File'),
  importPlanId: M('計画ID（半角英数字）', 'Plan id'),
  importPlanTitle: M('計画名（事業の表だけのとき）', 'Plan title (when only the project table is given)'),
  importPreview: M('読み取って確認', 'Read and preview'),
  importProblems: M('問題のあるセル（{n}件）', 'Cells with problems ({n})'),
  importNoProblems: M('問題のあるセルはありません。', 'No cell has a problem.'),
  importSaveNew: M('新しい計画として保存', 'Save as a new plan'),
  importSaveVersion: M('既存の計画の新しい版として保存', 'Save as a new version of a plan'),
  importSaved: M('計画「{id}」を保存しました。', 'Plan "{id}" was saved.'),
  importVersionTarget: M('版を追加する計画', 'Plan to add a version to'),
  importVersionChanges: M(
    '目標値の変更 {n}件（この計画にない指標 {skipped}件は対象外）',
    '{n} target change(s) ({skipped} indicator(s) not in this plan are left out)',
  ),
  importVersionNone: M('この計画の目標値と違いはありません。', 'No target differs from this plan.'),
  // targets
  targetsTitle: M('目標値の変更（新しい版）', 'Revise targets (new version)'),
  targetsHelp: M(
    '変更する目標値を入力し、新旧対照表で確認してから新しい版として保存します。',
    'Enter the targets to change, check the 新旧対照表, then save them as a new version.',
  ),
  targetsLabel: M('版の名前（例: 令和6年3月変更）', 'Version label (e.g. 令和6年3月変更)'),
  targetsPreview: M('新旧対照表を確認', 'Preview the 新旧対照表'),
  targetsSave: M('新しい版として保存', 'Save as a new version'),
  targetsSaved: M('第{version}版を保存しました（{n}件の目標値）。', 'Version {version} saved ({n} targets).'),
  targetsNone: M('変更された目標値がありません。', 'No target was changed.'),
  targetsVersion: M('現在の版: 第{version}版', 'Current version: {version}'),
  // goal indicators
  goalsTitle: M('数値目標の担当課', 'Departments of the goal indicators'),
  goalsHelp: M(
    '基本目標の数値目標ごとに、報告する担当課を決めます。',
    'Choose the department that reports each goal indicator.',
  ),
  goalsNone: M('（未設定）', '(none)'),
  goalsSave: M('担当課の割り当てを保存', 'Save the assignments'),
  goalsSaved: M('割り当てを保存しました。', 'Assignments saved.'),
  goalsEmpty: M('この計画には数値目標がありません。', 'This plan has no goal indicators.'),
  // cycles
  cyclesTitle: M('報告年度', 'Report cycles'),
  cycleOpenTitle: M('次の報告年度を開く', 'Open the next cycle'),
  cycleYear: M('年度', 'Fiscal year'),
  cycleLabel: M('時点の表記（例: 令和6年度末時点）', 'Point in time (e.g. 令和6年度末時点)'),
  cycleDeadline: M('提出期限', 'Deadline'),
  cycleOpen: M('報告年度を開く', 'Open the cycle'),
  cycleOpened: M('{year}の報告年度を開きました。', 'The {year} cycle is open.'),
  cycleNoNext: M('計画期間のすべての年度が開かれています。', 'Every year of the plan period is open.'),
  cycleSaveDeadline: M('期限を保存', 'Save the deadline'),
  cycleLock: M('締め切る', 'Lock'),
  cycleUnlock: M('締切を解除', 'Unlock'),
  cycleLocked: M('締切済み', 'Locked'),
  cycleOpenState: M('受付中', 'Open'),
  cycleReopenTitle: M('承認済みのシートを差し戻して編集可能にする', 'Reopen an approved sheet'),
  cycleReopenReason: M('理由（必須）', 'Reason (required)'),
  cycleReopen: M('編集可能に戻す', 'Reopen'),
  cycleReopenNeedsReason: M('理由を入力してください。', 'Enter the reason.'),
  cycleReopenNone: M('承認済みのシートはありません。', 'No sheet is approved.'),
  cycleReopened: M(
    '{department} のシートを編集可能に戻しました。',
    'The sheet of {department} was reopened.',
  ),
  // directory
  departmentsTitle: M('担当課', 'Departments'),
  departmentId: M('担当課ID', 'Department id'),
  departmentName: M('担当課名', 'Department name'),
  departmentAdd: M('担当課を追加', 'Add a department'),
  departmentRename: M('名前を変更', 'Rename'),
  deactivate: M('無効にする', 'Deactivate'),
  activate: M('有効にする', 'Reactivate'),
  inactive: M('無効', 'Inactive'),
  userSelf: M('（自分）', '(you)'),
  userSelfNote: M(
    '自分自身を無効にすることはできません（ほかの管理者が行います）。',
    'You cannot deactivate yourself (another administrator can).',
  ),
  usersTitle: M('利用者', 'Users'),
  userId: M('利用者ID', 'User id'),
  userName: M('表示名', 'Display name'),
  userRole: M('役割', 'Role'),
  userEmail: M('メール', 'E-mail'),
  userDepartments: M('担当課', 'Departments'),
  userAdd: M('利用者を追加', 'Add a user'),
  usersCsvTitle: M('CSVで一括登録', 'Add users from CSV'),
  usersCsvHelp: M(
    '1行に1人: 利用者ID, 表示名, 役割（管理者・取りまとめ担当・担当課）, 担当課（IDか名前、複数は ; で区切る）, メール, EntraオブジェクトID',
    'One user a line: id, display name, role (admin, coordinator, department), departments (ids or names, ; between), e-mail, Entra object id',
  ),
  usersCsvTemplate: M('ひな形をダウンロード', 'Download the template'),
  usersCsvPreview: M('読み取って確認', 'Read and preview'),
  usersCsvCreate: M('{n}人を登録', 'Create {n} users'),
  usersCsvTokens: M('APIトークンも発行する', 'Also issue API tokens'),
  usersCsvCreated: M('{n}人を登録しました。', '{n} users created.'),
  usersCsvProblems: M(
    '誤りのある行（{n}件）: 修正して読み直してください。誰も登録していません。',
    'Lines with problems ({n}): fix them and read again. Nobody was created.',
  ),
  tokensTitle: M('APIトークン', 'API tokens'),
  tokenIssue: M('トークンを発行', 'Issue a token'),
  tokenRevoke: M('失効', 'Revoke'),
  tokenRevoked: M('失効済み', 'Revoked'),
  tokenShownOnce: M(
    'このトークンは今だけ表示されます。本人に安全な方法で渡してください。',
    'This token is shown only now. Hand it to the user securely.',
  ),
  tokenLabel: M('用途（例: Excel）', 'Label (e.g. Excel)'),
  tokenLastUsed: M('最終利用 {time}', 'Last used {time}'),
  tokenNeverUsed: M('未使用', 'Never used'),
  // history
  historyTitle: M('管理操作の履歴', 'History of administrative actions'),
  historyMore: M('さらに表示', 'Show more'),
  historyEmpty: M('履歴はまだありません。', 'No history yet.'),
  // the conversation in the review (docs/conversation.md)
  colConversation: M('コメント・経緯', 'Comments & story'),
  threadOpen: M('💬 コメント', '💬 Comments'),
  threadOpenUnread: M('💬 コメント（未読 {n}）', '💬 Comments ({n} unread)'),
  threadOpenHint: M(
    'この指標のコメントと証拠ファイルを開きます',
    'Opens the comments and evidence files of this indicator',
  ),
  threadOpenProjectHint: M('主な取組のコメントを開きます', 'Opens the comments on the main activities'),
  storyOpen: M('履歴をたどる', 'Follow its story'),
  storyOpenHint: M(
    'この指標の値の変更・コメント・証拠ファイル・承認の経緯を表示します',
    'Shows the changes of this figure, its comments, evidence files and approvals',
  ),
  storyClose: M('経緯を閉じる', 'Close the story'),
  pointAtKpi: M('この指標を指摘する', 'Point at this indicator'),
  pointersNone: M(
    '差し戻しで指摘する指標: なし（表の「この指標を指摘する」で選ぶと、コメントがその指標のコメント欄にも残ります）',
    'Indicators the return points at: none (tick “Point at this indicator” in the table to leave the comment in their threads too)',
  ),
  pointersSome: M(
    '差し戻しで指摘する指標（{n}件）: {names}。コメントはそれぞれのコメント欄にも残ります。',
    'The return points at {n} indicator(s): {names}. The comment is left in each one’s thread too.',
  ),
  pointersTooMany: M(
    '差し戻しで指摘できる指標は {max} 件までです（{n} 件選ばれています）。',
    'A return may point at no more than {max} indicators ({n} chosen).',
  ),
  // the integrity of the history (docs/conversation.md §4)
  chainTitle: M('履歴の改ざんチェック', 'Integrity of the history'),
  chainExplain: M(
    '{cycle} の各担当課の履歴（値の保存・提出・承認・コメント・証拠ファイル）のハッシュの連なりを検算します。最後の行の値（先頭16桁）を控えておくと、後の切り取りも確かめられます。',
    'Recomputes the hash chain of each department’s history in {cycle} (saves, submissions, approvals, comments, evidence). Keep the heads (first 16 digits) to detect a later truncation.',
  ),
  chainVerify: M('検証する', 'Verify'),
  chainVerifying: M('検証しています…', 'Verifying…'),
  chainIntact: M(
    '改ざんなし（{n} 課の履歴 {entries} 件を検算しました）',
    'Intact: no tampering ({entries} entries of {n} departments checked)',
  ),
  chainBroken: M(
    '改ざんの疑い: {n} か所で連なりが切れています',
    'Possible tampering: the chain is broken at {n} place(s)',
  ),
  chainColDepartment: M('担当課', 'Department'),
  chainColEntries: M('履歴', 'Entries'),
  chainColHead: M('最新のハッシュ（先頭16桁）', 'Head (first 16 digits)'),
  chainColState: M('状態', 'State'),
  chainEntries: M(
    '{chained} 件（ハッシュ導入前 {unchained} 件）',
    '{chained} ({unchained} from before hashing)',
  ),
  chainOk: M('正常', 'intact'),
  chainNg: M('切れあり', 'broken'),
  chainBreakContent: M(
    '{department} 履歴 #{entry}: 内容が記録時のハッシュと一致しません',
    '{department} entry #{entry}: its content does not match its hash',
  ),
  chainBreakLink: M(
    '{department} 履歴 #{entry}: 直前の履歴とのつながりが切れています（削除・挿入・並べ替え）',
    '{department} entry #{entry}: its link to the previous entry is broken (removed, inserted or reordered)',
  ),
  chainBreakUnhashed: M(
    '{department} 履歴 #{entry}: ハッシュのない履歴が途中にあります',
    '{department} entry #{entry}: an entry without a hash inside the chain',
  ),
  chainNoCycle: M('報告年度を選ぶと検証できます。', 'Choose a cycle to verify it.'),
  // department user in a browser
  deptHomeTitle: M('{department} の報告（{cycle}）', 'Report of {department} ({cycle})'),
  deptHomeExplain: M(
    'このページでは、自分の担当課のシートの提出状況と変更履歴を確認できます。値の入力と提出は Excel でこのアドインを開いて行います。',
    'Here you can follow the state and the history of your department’s sheet. Values are entered and submitted in Excel, with this add-in.',
  ),
  deptHomeHistory: M('変更履歴', 'History'),
  deptHomeNoHistory: M('まだ変更はありません。', 'No change yet.'),
  // common
  copy: M('コピー', 'Copy'),
  save: M('保存', 'Save'),
  cancel: M('キャンセル', 'Cancel'),
  add: M('追加', 'Add'),
  done: M('完了しました。', 'Done.'),
  loading: M('読み込み中…', 'Loading…'),
} as const;

export type ConsoleMessageKey = keyof typeof consoleMessages;

export function ct(lang: Lang, key: ConsoleMessageKey, params: Params = {}): string {
  return consoleMessages[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

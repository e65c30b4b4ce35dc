import type { ReminderDepartment, RemindersResponse } from '../../../shared/api.ts';
import { dateLabel, deadlineStatus, type IsoDate } from '../../../shared/calendar/index.ts';
import { fiscalYearLabel } from '../../../shared/notation/index.ts';
import { circledNumber } from '../../../shared/tables/cells.ts';
import { ct } from './console-messages.ts';
import type { Lang, Translator } from './i18n.ts';
import { SUBMISSION_LABEL } from './sheet-view-model.ts';

/**
 * Reminders: every department that has not submitted or is incomplete, the business days left
 * until the deadline (shared/calendar: weekends, national holidays and 年末年始 are not counted),
 * and a ready message naming what is missing — as a `mailto:` link to the department's users and
 * as text to paste into Teams. Pure.
 */

export interface ReminderItem {
  departmentId: string;
  name: string;
  statusLabel: string;
  detail: string;
  /** The missing cells, one a line (`1 事業名：② 指標名の実績値`, `基本目標①「…」の数値目標「…」の実績値`). */
  missing: string[];
  subject: string;
  body: string;
  /** `mailto:` with the department's users as recipients; null when none has an address. */
  mailto: string | null;
  /** The same message as one text for Teams (subject line first). */
  teams: string;
  recipients: string[];
}

export interface RemindersViewModel {
  title: string;
  deadline: { text: string; state: ReturnType<typeof deadlineStatus>['state'] };
  items: ReminderItem[];
  empty: string | null;
}

const MAX_LINES = 30;

/**
 * What a missing cell is, in the reminder's language: a project's cell by its project
 * (`1 事業名：② 指標名の実績値`), a goal indicator (数値目標) assigned to the department by its goal,
 * as the pane names it (`基本目標①「目標」の数値目標「指標名」の実績値`, shared/workflow completeness).
 */
export function missingLine(m: ReminderDepartment['missing'][number], lang: Lang): string {
  if ('goalId' in m) {
    const goal = circledNumber(m.goalNumber);
    const what = m.field === 'status' ? { ja: '状況', en: 'status' } : { ja: '実績値', en: 'actual' };
    return lang === 'ja'
      ? `基本目標${goal}「${m.goalTitle}」の数値目標「${m.indicatorName}」の${what.ja}`
      : `${what.en} of goal indicator "${m.indicatorName}" of basic goal ${goal} "${m.goalTitle}"`;
  }
  const project = `${m.projectNumber} ${m.projectName}`;
  if (m.field === 'activities') return lang === 'ja' ? `${project}：主な取組` : `${project}: main activities`;
  const indicator =
    `${m.indicatorNumber ? circledNumber(m.indicatorNumber) : ''} ${m.indicatorName ?? ''}`.trim();
  if (m.field === 'status')
    return lang === 'ja' ? `${project}：${indicator}の状況` : `${project}: status of ${indicator}`;
  return lang === 'ja' ? `${project}：${indicator}の実績値` : `${project}: actual of ${indicator}`;
}

/** The subject and body of a reminder to one department. */
export function reminderText(
  r: Pick<RemindersResponse, 'planTitle' | 'fiscalYear' | 'cycleLabel' | 'deadline'>,
  d: ReminderDepartment,
  today: IsoDate,
  lang: Lang,
  sender: string,
): { subject: string; body: string } {
  const year = fiscalYearLabel(r.fiscalYear, 'era-long');
  const deadline = r.deadline ? dateLabel(r.deadline) : null;
  const status = deadlineStatus(today, r.deadline);
  const lines = d.missing.slice(0, MAX_LINES).map((m) => `・${missingLine(m, lang)}`);
  const more = d.missing.length - lines.length;
  if (lang === 'ja') {
    const ask =
      d.status === 'returned'
        ? '差し戻した報告の修正と再提出をお願いします。'
        : d.status === 'submitted'
          ? '提出いただいた報告に未入力の項目があります。入力のうえ、あらためて提出をお願いします。'
          : d.missing.length === 0
            ? '入力は済んでいるようですが、まだ提出が確認できていません。「提出」をお願いします。'
            : 'まだ提出が確認できていません。入力と提出をお願いします。';
    const when = deadline
      ? status.state === 'overdue'
        ? `提出期限（${deadline.ja}）を過ぎています。至急ご対応ください。`
        : status.state === 'today'
          ? `提出期限は本日（${deadline.ja}）です。`
          : `提出期限は${deadline.ja}です（あと${status.businessDays}営業日）。`
      : '';
    const body = [
      `${d.departmentName} ご担当者様`,
      '',
      `お疲れさまです。${sender}です。`,
      `「${r.planTitle}」${year}の進捗報告について、${ask}`,
      when,
      ...(d.status === 'returned' && d.comment ? ['', `差し戻しの理由: ${d.comment}`] : []),
      ...(lines.length
        ? ['', `未入力の項目（${d.missing.length}件）:`, ...lines, ...(more > 0 ? [`ほか${more}件`] : [])]
        : []),
      '',
      '入力は Excel の進捗報告アドインから行い、入力後に「提出」を押してください。',
      'よろしくお願いいたします。',
    ]
      .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
      .join('\n');
    return {
      subject: `【進捗報告】${year}「${r.planTitle}」${d.status === 'returned' ? '再提出' : '提出'}のお願い${deadline ? `（期限 ${deadline.ja}）` : ''}`,
      body: body.replace(/\n{3,}/g, '\n\n'),
    };
  }
  const ask =
    d.status === 'returned'
      ? 'please correct the returned report and submit it again.'
      : d.status === 'submitted'
        ? 'the report you submitted has items still missing; please fill them in and submit again.'
        : 'we have not received your report yet; please fill it in and submit it.';
  const when = deadline
    ? status.state === 'overdue'
      ? `The deadline (${deadline.en}) has passed.`
      : `The deadline is ${deadline.en} (${status.businessDays} business day(s) left).`
    : '';
  const body = [
    `Dear ${d.departmentName},`,
    '',
    `About the ${year} progress report of "${r.planTitle}": ${ask}`,
    when,
    ...(d.status === 'returned' && d.comment ? ['', `Reason for returning: ${d.comment}`] : []),
    ...(lines.length
      ? ['', `Missing (${d.missing.length}):`, ...lines, ...(more > 0 ? [`and ${more} more`] : [])]
      : []),
    '',
    'Enter the values with the progress report add-in in Excel, then press Submit.',
    '',
    sender,
  ].join('\n');
  return {
    subject: `[Progress report] ${year} "${r.planTitle}": please ${d.status === 'returned' ? 'resubmit' : 'submit'}${deadline ? ` by ${deadline.en}` : ''}`,
    body: body.replace(/\n{3,}/g, '\n\n'),
  };
}

/** `mailto:a@x,b@y?subject=…&body=…` (RFC 6068: UTF-8, percent-encoded, CRLF line breaks). */
export function mailtoHref(to: readonly string[], subject: string, body: string): string {
  const enc = (s: string) => encodeURIComponent(s);
  // An address keeps its "@" (RFC 6068 allows it unencoded; some mail programs do not decode %40).
  const address = (a: string) => enc(a).replace(/%40/g, '@');
  return `mailto:${to.map(address).join(',')}?subject=${enc(subject)}&body=${enc(body.replace(/\r?\n/g, '\r\n'))}`;
}

export function selectReminders(
  r: RemindersResponse,
  today: IsoDate,
  t: Translator,
  sender: string,
): RemindersViewModel {
  const lang = t.lang;
  const status = deadlineStatus(today, r.deadline);
  const items = r.departments.map((d): ReminderItem => {
    const text = reminderText(r, d, today, lang, sender);
    const recipients = d.contacts.flatMap((c) => (c.email ? [c.email] : []));
    // As the dashboard's rows say it: KPIs and 主な取組 apart.
    const filled = [
      t.t('filledKpis', { filled: d.filledCount, total: d.indicatorCount }),
      d.projectCount > 0
        ? t.t('filledActivities', { filled: d.activitiesFilled, total: d.projectCount })
        : null,
    ]
      .filter(Boolean)
      .join(' · ');
    return {
      departmentId: d.departmentId,
      name: d.departmentName,
      statusLabel: t.t(SUBMISSION_LABEL[d.status]),
      detail: [filled, d.missing.length ? ct(lang, 'reminderMissing', { n: d.missing.length }) : null]
        .filter(Boolean)
        .join(' · '),
      missing: d.missing.map((m) => missingLine(m, lang)),
      subject: text.subject,
      body: text.body,
      mailto: recipients.length ? mailtoHref(recipients, text.subject, text.body) : null,
      teams: `${text.subject}\n\n${text.body}`,
      recipients,
    };
  });
  return {
    title: ct(lang, 'remindersTitle', { n: items.length }),
    deadline: { text: t.msg(status.text), state: status.state },
    items,
    empty: items.length ? null : ct(lang, 'remindersNone'),
  };
}

import type { SubmissionStatus } from '../../shared/schema/index.ts';
import { HttpProblem } from '../errors.ts';

/** The reasons a write to a submission is refused, worded for the person who tried it. */

const STATUS_JA: Record<SubmissionStatus, string> = {
  draft: '作成中',
  submitted: '提出済み',
  approved: '承認済み',
  returned: '差し戻し',
};

export function cycleLocked(fy: number): HttpProblem {
  return new HttpProblem(
    423,
    'cycle_locked',
    {
      ja: `${fy}年度の報告は取りまとめ担当がロックしているため変更できません。変更が必要なときは取りまとめ担当に連絡してください。`,
      en: `The FY${fy} cycle is locked by the coordinator, so nothing can be changed. Ask the coordinator if a change is needed.`,
    },
    { fiscalYear: fy },
  );
}

export function notEditable(status: SubmissionStatus, departmentId: string): HttpProblem {
  const hint =
    status === 'submitted'
      ? {
          ja: '編集するには提出を取り下げてください（reopen）。',
          en: 'Withdraw the submission (reopen) to edit it.',
        }
      : status === 'approved'
        ? {
            ja: '変更が必要なときは取りまとめ担当に差し戻しを依頼してください。',
            en: 'Ask the coordinator to reopen it if a change is needed.',
          }
        : { ja: '', en: '' };
  return new HttpProblem(
    409,
    'submission_not_editable',
    {
      ja: `担当課「${departmentId}」のシートは${STATUS_JA[status]}のため編集できません。${hint.ja}`,
      en: `The sheet of department "${departmentId}" is ${status} and cannot be edited. ${hint.en}`,
    },
    { status },
  );
}

export function badTransition(action: string, status: SubmissionStatus): HttpProblem {
  return new HttpProblem(
    409,
    'invalid_transition',
    {
      ja: `${STATUS_JA[status]}のシートには「${actionJa(action)}」を行えません。`,
      en: `A ${status} submission cannot be ${action === 'return' ? 'returned' : `${action}ed`}.`,
    },
    { status, action },
  );
}

function actionJa(action: string): string {
  return (
    { submit: '提出', approve: '承認', return: '差し戻し', reopen: '再編集（取り下げ）' }[action] ?? action
  );
}

export function sharedApproved(departments: readonly string[]): HttpProblem {
  return new HttpProblem(
    409,
    'shared_submission_approved',
    {
      ja: `共同で担当する事業の値は、もう一方の担当課（${departments.join('、')}）のシートが承認済みのため変更できません。`,
      en: `A value of a shared project cannot change: the sheet of the other department (${departments.join(', ')}) is approved.`,
    },
    { departments },
  );
}

export function staleRevision(extra: Record<string, unknown>, conflictCount: number): HttpProblem {
  return new HttpProblem(
    409,
    'revision_conflict',
    {
      ja:
        conflictCount > 0
          ? `読み込んだ後に他の人がこのシートを更新しました。${conflictCount}個のセルが競合しています。サーバーの値を確認してから保存し直してください。`
          : '読み込んだ後に他の人がこのシートを更新しました。最新の内容を読み込んでから保存し直してください（同じセルの競合はありません）。',
      en:
        conflictCount > 0
          ? `Someone else updated this sheet after you loaded it; ${conflictCount} cell(s) conflict. Review the server's values and save again.`
          : 'Someone else updated this sheet after you loaded it. Reload it and save again (no cell you changed conflicts).',
    },
    extra,
  );
}

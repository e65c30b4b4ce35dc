import { describe, expect, it } from 'vitest';
import type { IndicatorAuditResponse } from '../../../shared/api.ts';
import type { ApiResult } from '../api/client.ts';
import type { StoryFormat } from '../api/conversation-client.ts';
import {
  loadStory,
  recordTime,
  type StoryPort,
  selectAuditStory,
  shownValue,
  storyFile,
} from './audit-story.ts';

const step = (
  id: number,
  at: string,
  action: string,
  field: string | null,
  before: unknown,
  after: unknown,
  userName: string | null = '山田',
) => ({
  id,
  at,
  fiscalYear: 2024,
  departmentId: 'kikaku',
  action,
  field,
  before,
  after,
  revision: id,
  userId: 'u1',
  userName,
});

const STORY: IndicatorAuditResponse = {
  planId: 'sendai',
  indicator: { id: 'i-1', name: '待機児童数', unit: '人' },
  fiscalYear: 2024,
  values: [
    step(1, '2024-04-10T00:30:00Z', 'save', 'value', null, '12'),
    step(2, '2024-04-11T15:05:00Z', 'save', 'value', '12', '10'),
    step(3, '2024-04-11T15:06:00Z', 'save', 'footnotes', ['※1'], ['※1', '※2'], null),
  ],
  comments: [
    {
      id: 'c1',
      createdAt: '2024-04-12T01:00:00Z',
      createdBy: 'u2',
      createdByName: '佐藤',
      text: '根拠を添付してください（訂正）',
      edited: true,
      versions: [
        {
          version: 1,
          text: '根拠を添付してください',
          at: '2024-04-12T01:00:00Z',
          userId: 'u2',
          userName: '佐藤',
        },
        {
          version: 2,
          text: '根拠を添付してください（訂正）',
          at: '2024-04-12T02:00:00Z',
          userId: 'u2',
          userName: '佐藤',
        },
      ],
      fiscalYear: 2024,
      departmentId: 'kikaku',
      targetKind: 'indicator',
    },
  ],
  evidence: [
    {
      id: 'e1',
      fiscalYear: 2024,
      indicatorId: 'i-1',
      departmentId: 'kikaku',
      fileName: '集計表.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      size: 1536,
      sha256: '0f'.repeat(32),
      uploadedAt: '2024-04-12T03:00:00Z',
      uploadedBy: 'u1',
      uploadedByName: '山田',
    },
  ],
  workflow: [
    step(10, '2024-04-13T00:00:00Z', 'submit', 'status', 'draft', { status: 'submitted', comment: null }),
    step(
      11,
      '2024-04-14T00:00:00Z',
      'return',
      'status',
      'submitted',
      { status: 'returned', comment: '注記を確認' },
      '佐藤',
    ),
    step(
      12,
      '2024-04-15T00:00:00Z',
      'approve',
      'status',
      'submitted',
      { status: 'approved', comment: null },
      '佐藤',
    ),
  ],
};

describe('the story of a figure', () => {
  it('lists each change of the value: 日時 (JST, with the year), 操作, 担当者, 変更前, 変更後', () => {
    const v = selectAuditStory(STORY, 'ja');
    expect(v.title).toBe('指標「待機児童数」の経緯');
    expect(v.subtitle).toBe('計画 sendai · 指標 i-1 · 単位 人');
    expect(v.scope).toBe('2024年度');
    expect(Object.values(v.head)).toEqual(['日時', '操作', '担当者', '変更前', '変更後']);
    expect(v.values).toEqual([
      {
        at: '2024/04/10 09:30',
        action: '保存（実績値） · 2024年度',
        who: '山田',
        before: '（空欄）',
        after: '12',
      },
      // 15:05 UTC is past midnight in Japan: the record reads the next day.
      { at: '2024/04/12 00:05', action: '保存（実績値） · 2024年度', who: '山田', before: '12', after: '10' },
      { at: '2024/04/12 00:06', action: '保存（脚注） · 2024年度', who: 'u1', before: '※1', after: '※1、※2' },
    ]);
  });

  it('shows the approval steps with the glossary’s state names and the return’s comment', () => {
    const v = selectAuditStory(STORY, 'ja');
    expect(v.workflow.map((w) => [w.action, w.before, w.after, w.who, w.comment])).toEqual([
      ['提出', '作成中', '提出済み', '山田', null],
      ['差し戻し', '提出済み', '差し戻し', '佐藤', '注記を確認'],
      ['承認', '提出済み', '承認済み', '佐藤', null],
    ]);
    const en = selectAuditStory(STORY, 'en');
    expect(en.workflow[2]?.after).toBe('approved');
    expect(en.head.before).toBe('Before');
  });

  it('shows each comment with 編集済み and every earlier version, and the evidence with its SHA-256', () => {
    const v = selectAuditStory(STORY, 'ja');
    expect(v.comments).toHaveLength(1);
    const c = v.comments[0]!;
    expect([c.who, c.text, c.edited]).toEqual(['佐藤', '根拠を添付してください（訂正）', '編集済み']);
    expect(c.versions.map((x) => [x.action, x.after])).toEqual([['第1版', '根拠を添付してください']]);
    expect(v.evidence).toEqual([
      {
        id: 'e1',
        at: '2024/04/12 12:00',
        who: '山田',
        fileName: '集計表.xlsx',
        size: '2 KB',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        sha256: '0f'.repeat(32),
      },
    ]);
  });

  it('offers the server’s CSV and HTML under a name that says which figure and year', () => {
    const v = selectAuditStory(STORY, 'en');
    expect(v.downloads).toEqual([
      { format: 'csv', label: 'Download CSV', fileName: 'i-1-audit-2024.csv' },
      { format: 'html', label: 'Download HTML', fileName: 'i-1-audit-2024.html' },
    ]);
    expect(selectAuditStory({ ...STORY, fiscalYear: null }, 'ja').downloads[0]?.fileName).toBe(
      'i-1-audit.csv',
    );
    expect(selectAuditStory({ ...STORY, fiscalYear: null }, 'ja').scope).toBe('すべての年度');
  });

  it('stored values of any shape become text; an unknown action is shown as stored', () => {
    expect(shownValue('', 'en')).toBe('(empty)');
    expect(shownValue(0, 'ja')).toBe('0');
    expect(shownValue({ a: 1 }, 'ja')).toBe('{"a":1}');
    expect(recordTime('2024-12-31T15:00:00Z', 'ja')).toBe('2025/01/01 00:00');
    const odd = selectAuditStory(
      { ...STORY, values: [step(9, '2024-04-10T00:00:00Z', 'import', null, null, 'x')] },
      'ja',
    );
    expect(odd.values[0]?.action).toBe('import · 2024年度');
  });
});

// --- the loads against a fake client ---------------------------------------------------------------

const notFound: ApiResult<never> = {
  ok: false,
  kind: 'http',
  status: 404,
  problem: {
    type: 'about:blank',
    title: 'Not found',
    status: 404,
    detail: '指標「i-9」が見つかりません。',
    code: 'indicator_not_found',
    messages: { ja: '指標「i-9」が見つかりません。', en: 'Indicator "i-9" was not found.' },
  },
  body: null,
};

const fakePort = (story: ApiResult<IndicatorAuditResponse>, file: ApiResult<Blob>) => {
  const calls: unknown[][] = [];
  const port: StoryPort = {
    story: async (...a: [string, string, number?]) => {
      calls.push(['story', ...a]);
      return story;
    },
    downloadStory: async (...a: [string, string, StoryFormat, number?]) => {
      calls.push(['downloadStory', ...a]);
      return file;
    },
  };
  return { port, calls };
};

describe('loading the story', () => {
  it('loads one cycle’s story and downloads its CSV under the story’s name', async () => {
    const blob = new Blob(['\uFEFF日時']);
    const { port, calls } = fakePort({ ok: true, value: STORY }, { ok: true, value: blob });
    const loaded = await loadStory(port, 'sendai', 'i-1', 2024);
    expect(loaded).toEqual({ ok: true, story: STORY });
    expect(await storyFile(port, STORY, 'csv')).toEqual({ ok: true, fileName: 'i-1-audit-2024.csv', blob });
    expect(calls).toEqual([
      ['story', 'sendai', 'i-1', 2024],
      ['downloadStory', 'sendai', 'i-1', 'csv', 2024],
    ]);
  });

  it('a 404 (not the department’s indicator, or none) and a lost connection say why', async () => {
    const { port } = fakePort(notFound, { ok: false, kind: 'network', message: 'offline' });
    expect(await loadStory(port, 'sendai', 'i-9')).toEqual({
      ok: false,
      message: { ja: '指標「i-9」が見つかりません。', en: 'Indicator "i-9" was not found.' },
    });
    const file = await storyFile(port, { ...STORY, fiscalYear: null }, 'html');
    expect(file.ok).toBe(false);
    expect(!file.ok && file.message.ja).toContain('サーバーに接続できません');
  });
});

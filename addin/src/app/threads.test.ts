import { describe, expect, it } from 'vitest';
import type { CommentThread, EvidenceItem, ThreadComment, UnreadResponse } from '../../../shared/api.ts';
import {
  COMMENT_MAX_CHARS,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MAX_FILES,
} from '../../../shared/conversation/rules.ts';
import type { ApiResult } from '../api/client.ts';
import type { ThreadRef, ValueRef } from '../api/conversation-client.ts';
import {
  type ConversationPort,
  clearUnread,
  selectThreadView,
  ThreadsController,
  unreadBadge,
  unreadByDepartment,
  unreadForTarget,
} from './threads.ts';

// --- a fake client: answers queued per call, every call recorded ----------------------------------

type Answer<T> = ApiResult<T> | (() => ApiResult<T>);

const refused = (status: number, code: string, ja: string, en: string): ApiResult<never> => ({
  ok: false,
  kind: 'http',
  status,
  problem: { type: 'about:blank', title: code, status, detail: ja, code, messages: { ja, en } },
  body: null,
});
const offline: ApiResult<never> = { ok: false, kind: 'network', message: 'Failed to fetch' };
const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });

class FakeConversation implements ConversationPort {
  calls: { name: string; args: unknown[] }[] = [];
  answers: Record<string, Answer<unknown>[]> = {};

  answer(name: keyof ConversationPort, ...a: Answer<unknown>[]): this {
    this.answers[name] = [...(this.answers[name] ?? []), ...a];
    return this;
  }
  #next<T>(name: string, args: unknown[]): Promise<ApiResult<T>> {
    this.calls.push({ name, args });
    const a = this.answers[name]?.shift();
    if (!a) throw new Error(`no answer queued for ${name}`);
    return Promise.resolve((typeof a === 'function' ? a() : a) as ApiResult<T>);
  }
  named(name: string) {
    return this.calls.filter((c) => c.name === name);
  }
  thread = (t: ThreadRef) => this.#next<CommentThread>('thread', [t]);
  post = (t: ThreadRef, text: string, key: string) => this.#next<ThreadComment>('post', [t, text, key]);
  edit = (t: ThreadRef, id: string, text: string) => this.#next<ThreadComment>('edit', [t, id, text]);
  markRead = (t: ThreadRef) => this.#next<{ unread: 0; lastSeq: number }>('markRead', [t]);
  unread = (planId: string, fy: number) => this.#next<UnreadResponse>('unread', [planId, fy]);
  evidence = (v: ValueRef) =>
    this.#next<{ items: EvidenceItem[]; maxBytes: number; maxFiles: number; allowedExtensions: string[] }>(
      'evidence',
      [v],
    );
  uploadEvidence = (v: ValueRef, file: Blob, name: string, type: string) =>
    this.#next<EvidenceItem>('uploadEvidence', [v, file, name, type]);
  downloadEvidence = (v: ValueRef, id: string) => this.#next<Blob>('downloadEvidence', [v, id]);
}

// --- sample data ------------------------------------------------------------------------------------

const KPI: ThreadRef = {
  planId: 'p',
  fiscalYear: 2024,
  departmentId: 'kikaku',
  kind: 'indicator',
  targetId: 'i-1',
};
const PROJECT: ThreadRef = { ...KPI, kind: 'project', targetId: 'p-1' };

const comment = (id: string, by: string, texts: string[]): ThreadComment => ({
  id,
  createdAt: '2024-05-01T01:00:00Z',
  createdBy: by,
  createdByName: by === 'me' ? '山田' : '佐藤',
  text: texts.at(-1)!,
  edited: texts.length > 1,
  versions: texts.map((text, i) => ({
    version: i + 1,
    text,
    at: `2024-05-0${i + 1}T01:00:00Z`,
    userId: by,
    userName: by === 'me' ? '山田' : '佐藤',
  })),
});
const thread = (comments: ThreadComment[], unread = 0, ref = KPI): CommentThread => ({
  planId: ref.planId,
  fiscalYear: ref.fiscalYear,
  departmentId: ref.departmentId,
  targetKind: ref.kind,
  targetId: ref.targetId,
  comments,
  unread,
});
const item = (id: string, fileName = `${id}.pdf`): EvidenceItem => ({
  id,
  fiscalYear: 2024,
  indicatorId: 'i-1',
  departmentId: 'kikaku',
  fileName,
  contentType: 'application/pdf',
  size: 2048,
  sha256: 'ab'.repeat(32),
  uploadedAt: '2024-05-02T03:00:00Z',
  uploadedBy: 'me',
  uploadedByName: '山田',
});
const list = (items: EvidenceItem[]) =>
  ok({ items, maxBytes: EVIDENCE_MAX_BYTES, maxFiles: 20, allowedExtensions: [] });
const unreadCounts = (): UnreadResponse => ({
  planId: 'p',
  fiscalYear: 2024,
  total: 5,
  departments: [
    { departmentId: 'kikaku', unread: 3 },
    { departmentId: 'kenko', unread: 2 },
  ],
  threads: [
    {
      departmentId: 'kikaku',
      targetKind: 'indicator',
      targetId: 'i-1',
      unread: 2,
      lastAt: '2024-05-01T00:00:00Z',
    },
    {
      departmentId: 'kikaku',
      targetKind: 'project',
      targetId: 'p-1',
      unread: 1,
      lastAt: '2024-05-01T00:00:00Z',
    },
    {
      departmentId: 'kenko',
      targetKind: 'indicator',
      targetId: 'i-9',
      unread: 2,
      lastAt: '2024-05-01T00:00:00Z',
    },
  ],
});

const file = (bytes: (number | string)[], name: string, size?: number) => {
  const parts = bytes.map((b) => (typeof b === 'string' ? b : new Uint8Array([b])));
  const f = new File(parts, name);
  // A size the test claims without allocating it (the check must look at the size first).
  return size === undefined ? f : Object.defineProperty(f, 'size', { value: size });
};
const PDF = () => file(['%PDF-1.7\n', 'body'], '実績の根拠.pdf');

let keys = 0;
const controller = (fake: FakeConversation, userId: string | null = 'me') =>
  new ThreadsController(fake, userId, () => `key-${++keys}`);

const opened = async (fake: FakeConversation, comments: ThreadComment[] = [], items: EvidenceItem[] = []) => {
  fake.answer('thread', ok(thread(comments))).answer('evidence', list(items));
  const c = controller(fake);
  await c.open(KPI, '待機児童数');
  return c;
};

// --- the thread -------------------------------------------------------------------------------------

describe('opening a thread', () => {
  it('loads the comments and the evidence, marks it read, and lowers the unread counts by as much', async () => {
    const fake = new FakeConversation()
      .answer('unread', ok(unreadCounts()))
      .answer('thread', ok(thread([comment('c1', 'other', ['確認をお願いします'])], 2)))
      .answer('evidence', list([item('e1')]))
      .answer('markRead', ok({ unread: 0 as const, lastSeq: 7 }));
    const c = controller(fake);
    await c.refreshUnread('p', 2024);
    expect(unreadForTarget(c.state().unread, 'kikaku', 'indicator', 'i-1')).toBe(2);
    await c.open(KPI, '待機児童数');
    expect(fake.named('markRead')).toHaveLength(1);
    const u = c.state().unread;
    expect(unreadForTarget(u, 'kikaku', 'indicator', 'i-1')).toBe(0);
    expect(unreadForTarget(u, 'kikaku', 'project', 'p-1')).toBe(1);
    expect([...unreadByDepartment(u)]).toEqual([
      ['kikaku', 1],
      ['kenko', 2],
    ]);
    expect(u?.total).toBe(3);
    const view = selectThreadView(c.state(), 'ja')!;
    expect(view.title).toBe('コメント: 待機児童数');
    expect(view.unread).toBeNull();
    expect(view.comments.map((x) => [x.author, x.text])).toEqual([['佐藤', '確認をお願いします']]);
    expect(view.evidence?.items.map((x) => x.fileName)).toEqual(['e1.pdf']);
  });

  it('does not mark a thread read that has nothing unread, and a failed mark keeps the count', async () => {
    const quiet = new FakeConversation();
    await opened(quiet, [comment('c1', 'other', ['a'])]);
    expect(quiet.named('markRead')).toHaveLength(0);

    const fake = new FakeConversation()
      .answer('unread', ok(unreadCounts()))
      .answer('thread', ok(thread([comment('c1', 'other', ['a'])], 2)))
      .answer('evidence', list([]))
      .answer('markRead', offline);
    const c = controller(fake);
    await c.refreshUnread('p', 2024);
    await c.open(KPI, 'x');
    expect(unreadForTarget(c.state().unread, 'kikaku', 'indicator', 'i-1')).toBe(2);
    expect(selectThreadView(c.state(), 'ja')?.unread).toBe('未読 2 件');
  });

  it('a project’s 主な取組 thread has no evidence and asks for none', async () => {
    const fake = new FakeConversation().answer('thread', ok(thread([], 0, PROJECT)));
    const c = controller(fake);
    await c.open(PROJECT, '子育て支援事業');
    expect(fake.named('evidence')).toHaveLength(0);
    const view = selectThreadView(c.state(), 'en')!;
    expect(view.title).toBe('Comments (main activities): 子育て支援事業');
    expect(view.evidence).toBeNull();
    expect(view.empty).toBe('No comments yet.');
  });

  it('a thread the server does not find (404) says so in its words, Japanese and English', async () => {
    const fake = new FakeConversation()
      .answer(
        'thread',
        refused(404, 'not_found', '指標「i-1」が見つかりません。', 'Indicator "i-1" was not found.'),
      )
      .answer(
        'evidence',
        refused(404, 'not_found', '指標「i-1」が見つかりません。', 'Indicator "i-1" was not found.'),
      );
    const c = controller(fake);
    await c.open(KPI, 'x');
    expect(selectThreadView(c.state(), 'ja')?.loadError).toBe('指標「i-1」が見つかりません。');
    expect(selectThreadView(c.state(), 'en')?.loadError).toBe('Indicator "i-1" was not found.');
    expect(selectThreadView(c.state(), 'ja')?.draft.canSend).toBe(false);
    expect(await c.post()).toBe(false);
    expect(fake.named('post')).toHaveLength(0);
  });

  it('an answer for a thread closed meanwhile changes nothing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const fake = new FakeConversation().answer('evidence', list([]));
    fake.thread = async () => {
      await gate;
      return ok(thread([comment('late', 'other', ['late'])]));
    };
    const c = controller(fake);
    const opening = c.open(KPI, 'x');
    c.close();
    release();
    await opening;
    expect(c.state().open).toBeNull();
  });
});

describe('posting', () => {
  it('posts the draft with an Idempotency-Key, adds it to the thread and empties the draft', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    c.setDraft('4月分の数値を修正しました。');
    expect(selectThreadView(c.state(), 'ja')?.draft.canSend).toBe(true);
    fake.answer('post', ok(comment('c9', 'me', ['4月分の数値を修正しました。'])));
    expect(await c.post()).toBe(true);
    const [ref, text, key] = fake.named('post')[0]!.args;
    expect(ref).toEqual(KPI);
    expect(text).toBe('4月分の数値を修正しました。');
    expect(key).toMatch(/^key-/);
    const view = selectThreadView(c.state(), 'ja')!;
    expect(view.draft.text).toBe('');
    expect(view.comments.map((x) => [x.author, x.mine])).toEqual([['山田（自分）', true]]);
    expect(view.notice).toEqual({ kind: 'ok', text: 'コメントを投稿しました。' });
  });

  it('refuses an empty or over-long draft before sending, naming the limit of the shared rules', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    c.setDraft('   ');
    expect(await c.post()).toBe(false);
    expect(selectThreadView(c.state(), 'ja')?.notice?.text).toBe(
      'コメントが空です。内容を入力してください。',
    );
    c.setDraft('あ'.repeat(COMMENT_MAX_CHARS + 1));
    const view = selectThreadView(c.state(), 'ja')!;
    expect(view.draft.over).toBe(true);
    expect(view.draft.canSend).toBe(false);
    expect(view.draft.count).toBe(`${COMMENT_MAX_CHARS + 1} / ${COMMENT_MAX_CHARS} 文字`);
    expect(view.draft.problem).toContain(`${COMMENT_MAX_CHARS}文字まで`);
    expect(await c.post()).toBe(false);
    expect(fake.named('post')).toHaveLength(0);
    // Exactly at the limit is allowed (code points, as a person counts: 𠮷 is one).
    c.setDraft('𠮷'.repeat(COMMENT_MAX_CHARS));
    expect(selectThreadView(c.state(), 'ja')?.draft.canSend).toBe(true);
  });

  it('a text the server refuses (422) keeps the draft and shows the server’s reason', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    c.setDraft('本文');
    fake.answer(
      'post',
      refused(
        422,
        'comment_invalid',
        'text: コメントに保存できない文字があります。',
        'text: a character cannot be stored.',
      ),
    );
    expect(await c.post()).toBe(false);
    const view = selectThreadView(c.state(), 'en')!;
    expect(view.draft.text).toBe('本文');
    expect(view.notice).toEqual({ kind: 'error', text: 'text: a character cannot be stored.' });
    expect(view.comments).toEqual([]);
    // After a refusal, another try is a new request (a new key).
    fake.answer('post', ok(comment('c1', 'me', ['本文'])));
    await c.post();
    expect(fake.named('post')[1]!.args[2]).not.toBe(fake.named('post')[0]!.args[2]);
  });

  it('offline: the draft and its key stay, so sending again cannot post twice; a changed text gets a new key', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    c.setDraft('本文');
    fake.answer('post', offline, offline, ok(comment('c1', 'me', ['本文です'])));
    await c.post();
    expect(selectThreadView(c.state(), 'ja')?.notice?.text).toContain('サーバーに接続できません');
    expect(selectThreadView(c.state(), 'ja')?.draft.text).toBe('本文');
    await c.post();
    const [first, second] = fake.named('post').map((x) => x.args[2]);
    expect(second).toBe(first);
    c.setDraft('本文です');
    await c.post();
    expect(fake.named('post')[2]!.args[2]).not.toBe(first);
  });

  it('a replayed post (same id) is not listed twice', async () => {
    const fake = new FakeConversation();
    const mine = comment('c1', 'me', ['本文']);
    const c = await opened(fake, [mine]);
    c.setDraft('本文');
    fake.answer('post', ok(mine));
    await c.post();
    expect(selectThreadView(c.state(), 'ja')?.comments).toHaveLength(1);
  });
});

describe('editing', () => {
  it('only the person’s newest comment is editable; an edit is a new version, marked 編集済み, earlier text on demand', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake, [
      comment('old', 'me', ['最初']),
      comment('theirs', 'other', ['質問']),
      comment('new', 'me', ['回答']),
    ]);
    const view = selectThreadView(c.state(), 'ja')!;
    expect(view.comments.map((x) => x.canEdit)).toEqual([false, false, true]);
    c.startEdit('old');
    c.startEdit('theirs');
    expect(c.state().open?.editing).toBeNull();

    c.startEdit('new');
    c.setEditText('回答（訂正）');
    fake.answer('edit', ok(comment('new', 'me', ['回答', '回答（訂正）'])));
    expect(await c.saveEdit()).toBe(true);
    expect(fake.named('edit')[0]!.args).toEqual([KPI, 'new', '回答（訂正）']);
    let edited = selectThreadView(c.state(), 'ja')!.comments[2]!;
    expect(edited.text).toBe('回答（訂正）');
    expect(edited.edited).toBe('編集済み');
    expect(edited.versions).toEqual([]);
    expect(edited.versionsToggle).toBe('以前の版を表示（1）');
    c.toggleVersions('new');
    edited = selectThreadView(c.state(), 'en')!.comments[2]!;
    expect(edited.edited).toBe('edited');
    expect(edited.versionsToggle).toBe('Hide earlier versions');
    expect(edited.versions.map((v) => v.text)).toEqual(['回答']);
    expect(edited.versions[0]!.label).toMatch(/^Version 1 · .+ · 山田$/);
  });

  it('an edit the server refuses (403 not the author) keeps the edit open with the reason', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake, [comment('c1', 'me', ['a'])]);
    c.startEdit('c1');
    c.setEditText('b');
    fake.answer(
      'edit',
      refused(
        403,
        'comment_not_author',
        'コメントを編集できるのは投稿した本人だけです。新しいコメントとして投稿してください。',
        'Only the author may edit a comment. Post a new comment instead.',
      ),
    );
    expect(await c.saveEdit()).toBe(false);
    const view = selectThreadView(c.state(), 'ja')!;
    expect(view.comments[0]!.editing?.text).toBe('b');
    expect(view.notice?.text).toContain('投稿した本人だけ');
  });

  it('an edit emptied is refused before sending', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake, [comment('c1', 'me', ['a'])]);
    c.startEdit('c1');
    c.setEditText('');
    expect(await c.saveEdit()).toBe(false);
    expect(fake.named('edit')).toHaveLength(0);
    expect(selectThreadView(c.state(), 'ja')?.comments[0]?.editing?.problem).toContain('コメントが空です');
  });
});

// --- evidence --------------------------------------------------------------------------------------

describe('evidence', () => {
  it('shows the limits of the shared rules and sends an allowed file with its name and recognised type', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    const ev = selectThreadView(c.state(), 'ja')!.evidence!;
    expect(ev.limit).toBe(
      `添付できるファイル: pdf / xlsx / csv / png / jpg / jpeg（1 ファイル ${EVIDENCE_MAX_BYTES / 1048576} MB まで・この指標に ${EVIDENCE_MAX_FILES} 件まで）`,
    );
    expect(ev.accept).toBe('.pdf,.xlsx,.csv,.png,.jpg,.jpeg');
    fake.answer('uploadEvidence', ok(item('e7', '実績の根拠.pdf')));
    expect(await c.upload(PDF())).toBe(true);
    const [value, , name, type] = fake.named('uploadEvidence')[0]!.args;
    expect(value).toEqual({ planId: 'p', fiscalYear: 2024, departmentId: 'kikaku', indicatorId: 'i-1' });
    expect(name).toBe('実績の根拠.pdf');
    expect(type).toBe('application/pdf');
    const after = selectThreadView(c.state(), 'ja')!.evidence!;
    expect(after.items.map((x) => x.fileName)).toEqual(['実績の根拠.pdf']);
    expect(after.status).toEqual({ kind: 'ok', text: '「実績の根拠.pdf」を添付しました。' });
    expect(after.count).toBe(`1 / ${EVIDENCE_MAX_FILES} 件`);
  });

  it('refuses a file over the size limit before sending, naming the limit and the size', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    expect(await c.upload(file(['%PDF-1.7'], '大きい.pdf', EVIDENCE_MAX_BYTES + 1))).toBe(false);
    expect(fake.named('uploadEvidence')).toHaveLength(0);
    expect(selectThreadView(c.state(), 'ja')?.evidence?.status).toEqual({
      kind: 'error',
      text: '「大きい.pdf」は 10.0 MB あります。証拠ファイルは 10 MB までです。小さくするか分けて添付してください。',
    });
    // Exactly the limit goes.
    fake.answer('uploadEvidence', ok(item('e1')));
    expect(await c.upload(file(['%PDF-1.7'], 'ちょうど.pdf', EVIDENCE_MAX_BYTES))).toBe(true);
  });

  it('refuses an empty file, a disguised one (markup named .csv) and one past the count, before sending', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    await c.upload(file([], '空.pdf'));
    expect(selectThreadView(c.state(), 'en')?.evidence?.status?.text).toBe('“空.pdf” is empty (0 bytes).');
    await c.upload(file(['<html><script>alert(1)</script>'], 'data.csv'));
    expect(selectThreadView(c.state(), 'ja')?.evidence?.status?.text).toContain(
      '添付できない種類のファイルです',
    );
    await c.upload(file(['just text'], 'notes.txt'));
    expect(selectThreadView(c.state(), 'ja')?.evidence?.status?.kind).toBe('error');
    expect(fake.named('uploadEvidence')).toHaveLength(0);

    const full = new FakeConversation();
    const f = await opened(
      full,
      [],
      Array.from({ length: EVIDENCE_MAX_FILES }, (_, i) => item(`e${i}`)),
    );
    expect(selectThreadView(f.state(), 'ja')?.evidence?.canUpload).toBe(false);
    expect(await f.upload(PDF())).toBe(false);
    expect(selectThreadView(f.state(), 'ja')?.evidence?.status?.text).toBe(
      `この指標の証拠ファイルは ${EVIDENCE_MAX_FILES} 件までです。不要なものがないか確認してください。`,
    );
    expect(full.named('uploadEvidence')).toHaveLength(0);
  });

  it('a CSV and an xlsx are recognised from their bytes and sent with their types', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    fake.answer('uploadEvidence', ok(item('a', 'a.csv')), ok(item('b', 'b.xlsx')));
    await c.upload(file(['年度,値\r\n2024,12\r\n'], '集計.csv'));
    await c.upload(file([0x50, 0x4b, 0x03, 0x04, '[Content_Types].xml', 'xl/workbook.xml'], '集計.xlsx'));
    expect(fake.named('uploadEvidence').map((x) => x.args[3])).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
  });

  it('a refusal from the server (413 too large, 423 locked) is shown in its words and nothing is listed', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    fake.answer(
      'uploadEvidence',
      refused(
        413,
        'evidence_too_large',
        '証拠ファイルは 10 MB までです。',
        'An evidence file may be at most 10 MB.',
      ),
    );
    expect(await c.upload(PDF())).toBe(false);
    const ev = selectThreadView(c.state(), 'en')!.evidence!;
    expect(ev.status).toEqual({ kind: 'error', text: 'An evidence file may be at most 10 MB.' });
    expect(ev.items).toEqual([]);
    fake.answer(
      'uploadEvidence',
      refused(423, 'cycle_locked', '2024年度は締め切られています。', 'FY2024 is locked.'),
    );
    await c.upload(PDF());
    expect(selectThreadView(c.state(), 'ja')?.evidence?.status?.text).toBe('2024年度は締め切られています。');
    expect(fake.named('evidence')).toHaveLength(1);
  });

  it('no answer to an upload: the list is read again, since the file may have arrived', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake);
    fake.answer('uploadEvidence', offline).answer('evidence', list([item('e1', '実績の根拠.pdf')]));
    expect(await c.upload(PDF())).toBe(false);
    expect(fake.named('evidence')).toHaveLength(2);
    const ev = selectThreadView(c.state(), 'ja')!.evidence!;
    expect(ev.status?.text).toContain('サーバーに接続できません');
    expect(ev.items.map((x) => x.fileName)).toEqual(['実績の根拠.pdf']);
  });

  it('downloads a listed file under its stored name; a failure says why', async () => {
    const fake = new FakeConversation();
    const c = await opened(fake, [], [item('e1', '根拠資料.pdf')]);
    const blob = new Blob(['%PDF-1.7']);
    fake.answer('downloadEvidence', ok(blob), refused(404, 'not_found', '見つかりません。', 'Not found.'));
    expect(await c.download('e1')).toEqual({ fileName: '根拠資料.pdf', blob });
    expect(fake.named('downloadEvidence')[0]!.args[1]).toBe('e1');
    expect(await c.download('e1')).toBeNull();
    expect(selectThreadView(c.state(), 'en')?.evidence?.downloadError).toBe('Not found.');
    expect(await c.download('not-listed')).toBeNull();
    expect(fake.named('downloadEvidence')).toHaveLength(2);
  });
});

// --- unread counts ---------------------------------------------------------------------------------

describe('unread counts', () => {
  it('per thread and per department; a badge only when something is unread', () => {
    const u = unreadCounts();
    expect(unreadForTarget(u, 'kenko', 'indicator', 'i-9')).toBe(2);
    expect(unreadForTarget(u, 'kenko', 'indicator', 'i-1')).toBe(0);
    expect(unreadForTarget(null, 'kenko', 'indicator', 'i-9')).toBe(0);
    expect(unreadByDepartment(u).get('kikaku')).toBe(3);
    expect(unreadBadge(3, 'ja')).toBe('未読 3');
    expect(unreadBadge(3, 'en')).toBe('3 unread');
    expect(unreadBadge(0, 'ja')).toBeNull();
  });

  it('clearing a thread drops a department left with none; another cycle’s counts are untouched', () => {
    const u = unreadCounts();
    const kenko = { ...KPI, departmentId: 'kenko', targetId: 'i-9' };
    const after = clearUnread(u, kenko)!;
    expect(after.departments).toEqual([{ departmentId: 'kikaku', unread: 3 }]);
    expect(after.total).toBe(3);
    expect(clearUnread(u, { ...kenko, fiscalYear: 2023 })).toBe(u);
  });

  it('a failed refresh keeps the last counts and says why', async () => {
    const fake = new FakeConversation().answer('unread', ok(unreadCounts()), offline);
    const c = controller(fake);
    await c.refreshUnread('p', 2024);
    await c.refreshUnread('p', 2024);
    expect(c.state().unread?.total).toBe(5);
    expect(c.state().unreadError?.en).toContain('Cannot reach the server');
  });
});

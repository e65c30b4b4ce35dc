import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeActivities } from '../../shared/text/activities.ts';
import { refusedChar } from '../../shared/text/integrity.ts';
import { addUser, BASE, call, count, dump, type Res, sheetPath, type TestUser } from './helpers.ts';
import { indicatorId, makePlan, projectId } from './plan-factory.ts';

/**
 * Text that is stored is the text that was acknowledged: a string the worker answers 200 for reads
 * back (sheet and history) exactly as sent — 主な取組 in its one stored form (shared/text/activities.ts:
 * no blank lines or spaces around the items), and the answer's warnings say so when that differs
 * from what was sent — and an identical re-send changes nothing. What cannot be stored that way
 * (lone surrogates, controls, bidi overrides, bytes that are not UTF-8) is refused with a problem
 * naming the field, and nothing is written.
 */

const PLAN = 'text-plan';
const FY = 2021;
const DEPT = 'dept-001';
const SUB = sheetPath(PLAN, FY, DEPT);
const P1 = projectId(0);
const K1 = indicatorId(0, 0);
let admin: TestUser;
let coord: TestUser;
let staff: TestUser;

type Problems = {
  code: string;
  warnings?: { code: string; path: string }[];
  problems?: { code: string; path: string; cell?: unknown; message: { ja: string; en: string } }[];
};
type Sheet = { submission: { revision: number }; activities: { projectId: string; text: string }[] };
type History = {
  entries: { projectId: string | null; field: string | null; before: unknown; after: unknown }[];
};

const sheet = async () => (await call<Sheet>(staff.token, 'GET', SUB)).body;
const activityText = (s: Sheet) => s.activities.find((a) => a.projectId === P1)?.text;
const saveActivity = (revision: number, text: string) =>
  call<Problems & { revision: number; changedCells: number }>(
    staff.token,
    'PATCH',
    SUB,
    { activities: [{ projectId: P1, text }] },
    { 'If-Match': `"${revision}"` },
  );
const latestActivityHistory = async () => {
  const h = await call<History>(staff.token, 'GET', `${SUB}/history?limit=5`);
  return h.body.entries.find((e) => e.projectId === P1 && e.field === 'activities');
};

/** A request whose body is the given bytes, as a client with a broken encoder would send it. */
async function rawCall(token: string, method: string, path: string, bytes: Uint8Array, headers = {}) {
  const res = await SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: bytes,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Problems,
  };
}
const bytesOf = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

function expectRefused(res: Res<Problems>, path: string, fragment: string) {
  expect(res.status, res.text).toBe(422);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe('validation_failed');
  const p = res.body.problems?.find((q) => q.code === 'text.refused_char');
  expect(p?.path, res.text).toBe(path);
  expect(p?.message.ja).toContain(fragment);
  const label = /U\+[0-9A-F]{4,}/.exec(fragment)?.[0];
  if (label) expect(p?.message.en).toContain(label);
}

beforeAll(async () => {
  admin = await addUser('admin', 'admin');
  const plan = makePlan({ id: PLAN, projects: 2, kpis: 1, years: 3, departments: 2 });
  expect((await call(admin.token, 'POST', '/api/plans', plan)).status).toBe(201);
  coord = await addUser('coord', 'coordinator');
  staff = await addUser('staff', 'department', [DEPT]);
  expect((await call(coord.token, 'POST', `/api/plans/${PLAN}/cycles`, { fiscalYear: FY })).status).toBe(201);
});

describe('refused text', () => {
  it('a lone surrogate in 主な取組: 422 naming the field, nothing stored, no revision bump', async () => {
    const before = await dump();
    const { revision } = (await sheet()).submission;
    const res = await saveActivity(revision, 'X\ud800Y');
    expectRefused(
      res,
      'activities[0].text',
      '主な取組に使えない文字（壊れた文字（対になっていないサロゲート） U+D800',
    );
    expect(res.body.problems?.[0]?.cell).toEqual({ projectId: P1, field: 'activities' });
    expect(await dump()).toBe(before);
    expect((await sheet()).submission.revision).toBe(revision);
  });

  it('a bidi override in a footnote: 422 naming the footnote; a control in a reason likewise', async () => {
    const before = await dump();
    const { revision } = (await sheet()).submission;
    const res = await call<Problems>(
      staff.token,
      'PATCH',
      SUB,
      {
        actuals: [
          { indicatorId: K1, value: '5', footnotes: [{ marker: '(※)', text: '速報値\u202e値報速' }] },
          { indicatorId: indicatorId(1, 0), value: null, missingReason: '集計中\u0007' },
        ],
      },
      { 'If-Match': `"${revision}"` },
    );
    expectRefused(
      res,
      'actuals[0].footnotes[0].text',
      '注記に使えない文字（文字の向きを変える制御文字 U+202E',
    );
    expect(await dump()).toBe(before);
  });

  it('names: a department renamed with a bidi isolate or a line break is 422 naming the field', async () => {
    const before = await dump();
    for (const [name, fragment] of [
      ['第1課\u2066', 'U+2066'],
      ['第1課\n分室', '改行 U+000A'],
    ]) {
      const res = await call<Problems>(admin.token, 'PATCH', `/api/admin/departments/${DEPT}`, { name });
      expectRefused(res, 'name', fragment!);
    }
    const user = await call<Problems>(admin.token, 'POST', '/api/admin/users', {
      displayName: '職員\u202d',
      role: 'coordinator',
    });
    expectRefused(user, 'displayName', '表示名に使えない文字');
    expect(await dump()).toBe(before);
  });

  it('a plan file with a control in a project name is 422 naming it; nothing imported', async () => {
    const plan = makePlan({ id: 'other-plan', projects: 1, kpis: 1, years: 2, departments: 1 });
    (plan.projects![0] as { name: string }).name = '事業\u0000名';
    const before = await dump();
    const res = await call<Problems>(admin.token, 'POST', '/api/plans', plan);
    expectRefused(res, 'projects[0].name', '事業名に使えない文字（制御文字 U+0000');
    expect(await dump()).toBe(before);
  });

  it('a return comment with a control character is 422 naming the comment', async () => {
    const before = await dump();
    const { revision } = (await sheet()).submission;
    const res = await call<Problems>(
      coord.token,
      'POST',
      `${SUB}/return`,
      { comment: '修正\u001bしてください' },
      { 'If-Match': `"${revision}"` },
    );
    expectRefused(res, 'comment', 'コメントに使えない文字（制御文字 U+001B');
    expect(await dump()).toBe(before);
  });
});

describe('bodies that are not UTF-8', () => {
  const broken: [string, number[]][] = [
    ['a stray byte', [0xff]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a surrogate encoded as UTF-8 (CESU)', [0xed, 0xa0, 0x80]],
    ['a cut-off character', [0xe4, 0xb8]],
  ];

  it.each(broken)(
    '%s in a save: 422 invalid_utf8 naming the field and the offset, nothing stored',
    async (_, bad) => {
      const before = await dump();
      const { revision } = (await sheet()).submission;
      const prefix = `{"activities":[{"projectId":"${P1}","text":"取組`;
      const body = bytesOf(prefix, bad, '"}]}');
      const res = await rawCall(staff.token, 'PATCH', SUB, body, { 'If-Match': `"${revision}"` });
      expect(res.status).toBe(422);
      expect(res.type).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        code: 'invalid_utf8',
        offset: new TextEncoder().encode(prefix).length,
        fields: ['activities[0].text'],
      });
      expect(await dump()).toBe(before);
    },
  );

  it('every other body reader refuses them too (plan import, admin, workflow comment)', async () => {
    const before = await dump();
    const reviewed = { 'If-Match': `"${(await sheet()).submission.revision}"` };
    const cases: [string, string, string, Uint8Array][] = [
      [admin.token, 'POST', '/api/plans', bytesOf('{"format":"', [0xff], '"}')],
      [admin.token, 'PATCH', `/api/admin/departments/${DEPT}`, bytesOf('{"name":"課', [0xc3], '"}')],
      [coord.token, 'POST', `${SUB}/return`, bytesOf('{"comment":"', [0xed, 0xbf, 0xbf], '"}')],
    ];
    for (const [token, method, path, body] of cases) {
      const res = await rawCall(token, method, path, body, reviewed);
      expect(res.status, path).toBe(422);
      expect(res.body.code, path).toBe('invalid_utf8');
    }
    // Not JSON even once the bytes are replaced: the body as a whole is refused.
    const res = await rawCall(staff.token, 'PATCH', SUB, bytesOf('{"activities":', [0xff], ']'), reviewed);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_utf8');
    expect(await dump()).toBe(before);
  });
});

describe('accepted text reads back exactly', () => {
  it('tab and line feed in 主な取組 are stored, read and recorded as sent', async () => {
    const text = '・説明会\t3回\n・相談会\n\n  （予定）';
    const { revision } = (await sheet()).submission;
    const res = await saveActivity(revision, text);
    expect(res.status, res.text).toBe(200);
    expect(activityText(await sheet())).toBe(text);
    expect((await latestActivityHistory())?.after).toBe(text);
  });

  // Strings of every kind: whole graphemes (emoji, ZWJ sequences, Japanese, combining marks), any
  // UTF-16 units (lone surrogates included), and mixes of what is allowed with what is not.
  const refusedPieces = fc.constantFrom(
    '\u0000',
    '\u0007',
    '\r',
    '\u007f',
    '\u0085',
    '\u202e',
    '\u2067',
    '\u2028',
    '\ud800',
    '\udfff',
  );
  const allowedPieces = fc.constantFrom(
    '主な取組',
    '・',
    '\n',
    '\t',
    ' ',
    '😀',
    '👨‍👩‍👧',
    'e\u0301',
    '𠮷',
    '\u200f',
    '\ufffd',
    '△1.4',
  );
  const texts = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'grapheme-composite', maxLength: 10 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc
      .array(fc.oneof({ weight: 4, arbitrary: allowedPieces }, { weight: 1, arbitrary: refusedPieces }), {
        maxLength: 8,
      })
      .map((a) => a.join('')),
  );

  it('any string: accepted ⇒ sheet == history == sent and a re-send changes nothing; refused ⇒ 422, nothing stored', async () => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        const before = await sheet();
        const revision = before.submission.revision;
        const historyRows = await count('history');
        const res = await saveActivity(revision, text);
        if (refusedChar(text, 'multi') !== null) {
          seen.refused++;
          expect(res.status, res.text).toBe(422);
          expect(res.body.problems?.[0]).toMatchObject({
            code: 'text.refused_char',
            path: 'activities[0].text',
          });
          const after = await sheet();
          expect(after.submission.revision).toBe(revision);
          expect(activityText(after)).toBe(activityText(before));
          expect(await count('history')).toBe(historyRows);
          return;
        }
        seen.accepted++;
        expect(res.status, res.text).toBe(200);
        const expected = normalizeActivities(text);
        const normalized = (res.body.warnings ?? []).filter((w) => w.code === 'activities.normalized');
        expect(normalized.map((w) => w.path)).toEqual(expected === text ? [] : ['activities[0].text']);
        const stored = await sheet();
        expect(activityText(stored)).toBe(expected);
        const changed = expected !== activityText(before);
        if (changed) expect((await latestActivityHistory())?.after).toBe(expected);
        const again = await saveActivity(res.body.revision, text);
        expect(again.status).toBe(200);
        expect(again.body).toMatchObject({ revision: res.body.revision, changedCells: 0 });
        expect(await count('history')).toBe(historyRows + (changed ? 1 : 0));
      }),
      { numRuns: 50, seed: 20260509 },
    );
    expect(seen.accepted).toBeGreaterThan(10);
    expect(seen.refused).toBeGreaterThan(5);
  });
});

import { describe, expect, it } from 'vitest';
import type { Ack } from '../bench/load/client.ts';
import { type CommentRow, type HistoryRow, verify } from '../bench/load/verify.ts';

/** The load benchmark's check of comments: each acknowledged one stored once, nothing unacknowledged. */
const ack = (text: string): Ack => ({
  kind: 'comment',
  departmentId: 'd1',
  key: text,
  revision: 0,
  cells: { k1: text },
});
let id = 0;
const entry = (text: string): HistoryRow => ({
  id: ++id,
  department_id: 'd1',
  indicator_id: 'k1',
  action: 'comment',
  field: 'comment',
  before: 'null',
  after: JSON.stringify({ commentId: `c${id}`, text }),
  revision: 0,
});
const version = (text: string): CommentRow => ({ department_id: 'd1', target_id: 'k1', text });

describe('load verification of comments', () => {
  it('passes when every acknowledged comment is stored once (a version and a history entry)', () => {
    const v = verify([ack('a'), ack('b')], [entry('a'), entry('b')], [], [version('a'), version('b')]);
    expect(v.comments).toEqual({ acked: 2, stored: 2, missing: 0, duplicated: 0, unacknowledged: 0 });
    expect(v.ok).toBe(true);
  });

  it('catches a missing, a duplicated and an unacknowledged comment', () => {
    expect(verify([ack('a')], [entry('a')], [], []).comments.missing).toBe(1);
    expect(verify([ack('a')], [], [], [version('a')]).comments.missing).toBe(1);
    const dup = verify([ack('a')], [entry('a'), entry('a')], [], [version('a'), version('a')]);
    expect(dup.comments.duplicated).toBe(1);
    expect(dup.ok).toBe(false);
    const extra = verify([ack('a')], [entry('a'), entry('z')], [], [version('a'), version('z')]);
    expect(extra.comments.unacknowledged).toBe(1);
    expect(extra.ok).toBe(false);
  });

  it('comments are not counted as workflow steps', () => {
    expect(verify([ack('a')], [entry('a')], [], [version('a')]).workflow).toEqual({
      acked: 0,
      stored: 0,
      mismatchedDepartments: 0,
    });
  });
});

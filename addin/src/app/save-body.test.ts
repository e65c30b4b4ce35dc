import { describe, expect, it } from 'vitest';
import { sampleRef as ref, sampleEdit, sampleQueuedCell } from '../../test-support/sample-edits.ts';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import type { IndicatorField } from './cells.ts';
import { openConflict } from './conflict.ts';
import { emptyQueue, recordEdits } from './queue.ts';
import { applySaved, buildSaveBody } from './save-body.ts';
import { buildModel, checkRows, parseInput } from './sheet-model.ts';

/**
 * Emptying a cell: a row emptied after the server had a value clears the stored actual
 * (`cleared`); a row never saved sends nothing. The sample sheet has k-pv saved (144476), k-2-1 not.
 */

const data = sampleSheet({ kpis: 4 });
const queued = (indicatorId: string, raw: string, field: IndicatorField = 'value') =>
  sampleQueuedCell(ref(indicatorId, field), raw);

describe('emptying a cell', () => {
  it('sends cleared: [id] for a saved row emptied, with no error on the row', () => {
    const cells = [queued('k-pv', '')];
    const model = buildModel(data, cells);
    const i = model.rowIndex.get('i:k-pv')!;
    expect(
      checkRows(model, [i])
        .get(i)!
        .problems.filter((p) => p.severity === 'error'),
    ).toEqual([]);
    expect(buildSaveBody(model, cells)).toEqual({ actuals: [], activities: [], cleared: ['k-pv'] });
  });

  it('sends nothing for a row never saved that was typed in and emptied again', () => {
    const cells = [queued('k-2-1', '')];
    const body = buildSaveBody(buildModel(data, cells), cells);
    expect(body).toEqual({ actuals: [], activities: [] });
    expect(body.cleared).toBeUndefined();
  });

  it('sends a row that still has content as an actual, not as cleared', () => {
    const cells = [queued('k-pv', ''), queued('k-pv', '(※1) 速報値', 'footnote')];
    const body = buildSaveBody(buildModel(data, cells), cells);
    expect(body.cleared).toBeUndefined();
    expect(body.actuals).toEqual([
      { indicatorId: 'k-pv', value: null, basis: 'year', footnotes: [{ marker: '(※1)', text: '速報値' }] },
    ]);
  });

  it('remembers the cleared row as empty on the server, so typing the old value again is a change', () => {
    const cells = [queued('k-pv', '')];
    const model = buildModel(data, cells);
    applySaved(model, cells, 9);
    expect(model.server.get('i:k-pv:value')).toBe('');
    expect(model.data.submission.revision).toBe(9);
    expect(parseInput(model, ref('k-pv'), '144,476')?.canonical).not.toBe(model.server.get('i:k-pv:value'));
    // Emptied again after the clearing: nothing left to clear.
    expect(buildSaveBody(model, cells)).toEqual({ actuals: [], activities: [] });
  });
});

describe('a conflict over an emptied cell', () => {
  function emptied() {
    const model = buildModel(data);
    const edits = [
      sampleEdit(ref('k-pv'), '', { canonical: '', serverValue: model.server.get('i:k-pv:value')! }),
    ];
    const queue = recordEdits(emptyQueue('d-kanko', 2023, 3), edits, 1);
    return { model: buildModel(data, queue.pending), queue };
  }
  const serverWith = (value: string) => ({
    currentRevision: 5,
    server: {
      submission: { ...data.submission, revision: 5 },
      actuals: [{ indicatorId: 'k-pv', value, basis: 'year' as const, footnotes: [] }],
      activities: data.activities,
    },
    conflicts: [] as { indicatorId: string; field: string; server: unknown; yours: unknown }[],
  });

  it('asks when a colleague changed the value I emptied: empty is my value', () => {
    const { model, queue } = emptied();
    const copy = serverWith('140000');
    copy.conflicts.push({ indicatorId: 'k-pv', field: 'value', server: '140000', yours: null });
    const open = openConflict(model, queue, copy);
    expect(open.merge.conflicts.map((c) => [c.key, c.mine, c.theirs])).toEqual([
      ['i:k-pv:value', '', '140000'],
    ]);
  });

  it('keeps my emptying without asking when the server still holds what I emptied', () => {
    const { model, queue } = emptied();
    const open = openConflict(model, queue, serverWith('144476'));
    expect(open.merge.conflicts).toEqual([]);
    expect(open.merge.keepMine).toEqual(['i:k-pv:value']);
  });
});

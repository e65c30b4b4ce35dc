import { describe, expect, it } from 'vitest';
import { sampleSheet } from '../../test-support/sample-sheet.ts';
import { COLUMN_COUNT } from './columns.ts';
import { translator } from './i18n.ts';
import { buildModel } from './sheet-model.ts';
import {
  buildWritePlan,
  cellProps,
  chunkRows,
  jsonBytes,
  STYLE_FORMATS,
  sheetNameFor,
} from './write-plan.ts';

const t = translator('ja');

describe('the write plan', () => {
  it('cuts the rows into chunks under the byte budget, in order, covering every row', () => {
    const plan = buildWritePlan(buildModel(sampleSheet({ kpis: 300 })), t, 20_000);
    expect(plan.chunks.length).toBeGreaterThan(3);
    expect(plan.chunks[0]!.start).toBe(0);
    expect(plan.chunks.at(-1)!.end).toBe(plan.body.values.length);
    plan.chunks.forEach((c, i) => {
      expect(c.bytes).toBeLessThanOrEqual(20_000);
      if (i > 0) expect(c.start).toBe(plan.chunks[i - 1]!.end);
    });
  });

  it('counts bytes as UTF-8, so Japanese text is not underestimated', () => {
    expect(jsonBytes(['事業'])).toBe(10);
    const big = [[`${'事'.repeat(2000)}`]];
    expect(chunkRows(big, [[null]], 100)).toEqual([{ start: 0, end: 1, bytes: expect.any(Number) }]);
  });

  it('writes only the cell formats that differ from their column', () => {
    const plan = buildWritePlan(buildModel(sampleSheet({ kpis: 10 })), t);
    expect(plan.columnFormats).toHaveLength(COLUMN_COUNT);
    const indicatorRow = plan.body.formats[1]!;
    expect(indicatorRow.filter((f) => f !== null).length).toBeLessThan(COLUMN_COUNT / 2);
    expect(cellProps(null)).toEqual({});
    expect(cellProps(STYLE_FORMATS.input).format?.protection?.locked).toBe(false);
  });

  it('names the sheet by cycle and department within Excel’s rules', () => {
    const data = sampleSheet();
    const model = buildModel({
      ...data,
      department: {
        id: 'x',
        name: '企画/調整[本部]:*? とても長い部署名が続くとシート名の上限を超えてしまう',
      },
    });
    const name = sheetNameFor(model);
    expect(name.length).toBeLessThanOrEqual(31);
    expect(name).not.toMatch(/[:\\/?*[\]]/);
    expect(name.startsWith('2023 ')).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { buildExportModels } from '../../../shared/render/export.ts';
import { loadPlan } from '../../../tests/shared/load.ts';
import { fakeExcelRun } from '../../test-support/fake-excel.ts';
import { FakeWorkbook } from '../../test-support/fake-workbook.ts';
import { exportedSheet } from '../../test-support/read-back.ts';
import { planSheet } from '../app/export-plan.ts';
import { writeExport } from './export-writer.ts';

/**
 * The in-workbook export of the four sample tables (values, looks, merges, page layout, charts) as
 * digests: a reshaping of the layout code must leave what lands in the workbook unchanged. A
 * deliberate change updates them with `UPDATE_EXPORT_DIGESTS=1`.
 */
const DIGESTS = resolve(import.meta.dirname, 'export-digests.json');

it('writes the same sheets into the workbook as recorded', async () => {
  const models = [
    ...buildExportModels(loadPlan('sendai-2023.plan.json'), ['projects', 'goals']),
    ...buildExportModels(loadPlan('revision-sample.plan.json'), ['revision']),
    ...buildExportModels(loadPlan('miyagi-budget-r4.plan.json'), ['budget']),
  ];
  const book = new FakeWorkbook();
  const result = await writeExport(fakeExcelRun(book), models.map(planSheet), {});
  if (result.status !== 'written') throw new Error(`export not written: ${result.status}`);
  const actual = Object.fromEntries(
    result.sheetNames.map((name) => [
      name,
      createHash('sha256')
        .update(JSON.stringify(exportedSheet(book, name)))
        .digest('hex'),
    ]),
  );
  if (process.env.UPDATE_EXPORT_DIGESTS === '1')
    writeFileSync(DIGESTS, `${JSON.stringify(actual, null, 2)}\n`);
  expect(Object.keys(actual)).toHaveLength(4);
  expect(actual).toEqual(JSON.parse(readFileSync(DIGESTS, 'utf8')));
});

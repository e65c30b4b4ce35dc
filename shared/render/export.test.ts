import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import type { PlanFile } from '../schema/index.ts';
import { layoutBlock } from '../tables/grid.ts';
import type { TableModel } from '../tables/types.ts';
import { UNAPPROVED_NOTE } from './consolidate.ts';
import { buildExportModels, contentDisposition, EXPORT_TABLES, exportTables } from './export.ts';
import { csvDifferences } from './testing/expect-csv.ts';
import { htmlDifferences } from './testing/expect-html.ts';
import { sheetDifferences } from './testing/expect-xlsx.ts';
import { readXlsx } from './testing/xlsx-reader.ts';

const sendai = loadPlan('sendai-2023.plan.json');
const decode = (body: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);

/** The texts of the cells of one field of the project table, by project order. */
function cells(model: TableModel, field: string): string[] {
  return model.blocks.flatMap((b) =>
    layoutBlock(b)
      .filter((p) => p.cell.ref?.field === field)
      .map((p) => p.cell.text),
  );
}

/** The sample with project 2's lead department still at `status`. */
function withStatus(status: 'draft' | 'submitted'): PlanFile {
  const plan = structuredClone(sendai);
  const cycle = plan.cycles.find((c) => c.fiscalYear === 2023)!;
  const lead = plan.projects[1]!.departmentIds[0]!;
  cycle.submissions = cycle.submissions.map((s) => (s.departmentId === lead ? { ...s, status } : s));
  return plan;
}

describe('every table of every sample plan, in every format, equals its model', () => {
  const samples = [
    ['sendai-2023.plan.json', ['projects', 'goals']],
    ['revision-sample.plan.json', ['revision']],
    ['miyagi-budget-r4.plan.json', ['budget']],
  ] as const;

  it.each(samples)('%s', async (file, tables) => {
    const plan = loadPlan(file);
    const models = buildExportModels(plan, tables);
    const xlsx = await exportTables(plan, { tables, format: 'xlsx' });
    const sheets = await readXlsx(xlsx.body);
    models.forEach((model, i) => {
      expect(sheetDifferences(sheets[i]!, model)).toEqual([]);
    });
    const html = await exportTables(plan, { tables, format: 'html' });
    expect(htmlDifferences(decode(html.body), models)).toEqual([]);
    for (const table of tables) {
      const csv = await exportTables(plan, { tables: [table], format: 'csv' });
      expect(csvDifferences(decode(csv.body), buildExportModels(plan, [table])[0]!)).toEqual([]);
    }
    const json = await exportTables(plan, { tables, format: 'json' });
    expect(JSON.parse(decode(json.body))).toEqual(
      JSON.parse(JSON.stringify(models.length === 1 ? models[0] : models)),
    );
  });
});

describe('consolidation', () => {
  it('uses only approved submissions by default: the others print no value and say why', () => {
    const [model] = buildExportModels(withStatus('submitted'), ['projects'], { fiscalYear: 2023 });
    const project2 = model!.blocks[1]!;
    const actuals = layoutBlock(project2).filter((p) => p.cell.ref?.field === 'actual');
    expect(actuals.map((p) => p.cell.text)).toEqual(['', '', '', '']);
    expect(project2.footnotes.some((f) => f.text.includes('「提出済み（未承認）」'))).toBe(true);
    expect(cells(model!, 'activities')[1]).toBe('');
    // The other projects keep their values.
    expect(cells(model!, 'actual').slice(0, 3)).toEqual(['144,476', '83,963', '29']);
    expect(model!.subtitle).toBe('令和5年度末時点');
  });

  it('with include=all prints submitted and draft values, marked per block and in the subtitle', () => {
    for (const status of ['submitted', 'draft'] as const) {
      const [model] = buildExportModels(withStatus(status), ['projects'], {
        fiscalYear: 2023,
        include: 'all',
      });
      expect(cells(model!, 'actual').slice(3, 7)).toEqual(['2,000', '3', '5', '(※)']);
      const marked = model!.blocks.filter((b) =>
        b.footnotes.some((f) => f.text.includes('担当課の提出状況')),
      );
      expect(marked.map((b) => b.id)).toEqual([model!.blocks[1]!.id]);
      expect(model!.subtitle).toBe(`令和5年度末時点${UNAPPROVED_NOTE}`);
    }
  });

  it('changes nothing when every submission is approved', () => {
    expect(buildExportModels(sendai, ['projects'], { include: 'all' })).toEqual(
      buildExportModels(sendai, ['projects'], { include: 'approved' }),
    );
  });
});

describe('exportTables', () => {
  it('names the file in Japanese with an ASCII fallback, and sets the content type', async () => {
    const file = await exportTables(sendai, { tables: ['projects'], format: 'xlsx' });
    expect(file.filename).toBe('進捗状況_令和5年度.xlsx');
    expect(file.asciiFilename).toBe('sendai-2023_fy2023_projects.xlsx');
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(contentDisposition(file)).toBe(
      `attachment; filename="sendai-2023_fy2023_projects.xlsx"; filename*=UTF-8''${encodeURIComponent('進捗状況_令和5年度.xlsx')}`,
    );
    expect(contentDisposition({ filename: "a'(b)*.csv", asciiFilename: 'x"y\\z.csv' })).toBe(
      `attachment; filename="x_y_z.csv"; filename*=UTF-8''a%27%28b%29%2A.csv`,
    );
  });

  it('puts several tables in one workbook and one CSV under a single BOM', async () => {
    const xlsx = await exportTables(sendai, { tables: ['projects', 'goals'], format: 'xlsx' });
    expect((await readXlsx(xlsx.body)).map((s) => s.name)).toEqual(['進捗状況', '数値目標']);
    const csv = decode((await exportTables(sendai, { tables: ['projects', 'goals'], format: 'csv' })).body);
    expect(csv.match(/\uFEFF/g)).toHaveLength(1);
    expect(EXPORT_TABLES).toEqual(['projects', 'goals', 'revision', 'budget']);
  });
});

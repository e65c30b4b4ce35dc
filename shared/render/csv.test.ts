import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../tables/csv.ts';
import { csvDifferences } from './testing/expect-csv.ts';
import { HOSTILE_NAMES, projectLikeModel, revisionLikeModel } from './testing/models.ts';

// renderCsv lives in shared/tables; these tests hold it to the export contract with a second parser.
describe('CSV export (shared/tables renderCsv)', () => {
  it('is UTF-8 with BOM, RFC 4180, and equal field by field to the model', () => {
    for (const model of [projectLikeModel(), revisionLikeModel()]) {
      expect(csvDifferences(renderCsv(model), model)).toEqual([]);
    }
  });

  it('the comparison notices a changed text', () => {
    const model = revisionLikeModel();
    const changed = revisionLikeModel();
    changed.blocks[0]!.rows[2]![0] = { text: '事業所数', role: 'label' };
    expect(csvDifferences(renderCsv(model), changed)).toContain('row 5 field 1: "企業数" ≠ "事業所数"');
  });

  it('keeps quotes, commas and line breaks inside one field and leaves no formula start', () => {
    const fields = (parse(renderCsv(projectLikeModel()), { bom: true }) as string[][]).flat();
    expect(fields).toContain(`② ${HOSTILE_NAMES[0]}`);
    expect(fields).toContain('・一つ目の取組\n・二つ目の取組');
    expect(fields.some((f) => /^[=+\-@\t\r]/.test(f))).toBe(false);
  });

  it('guards a name that begins with a formula character', () => {
    const model = revisionLikeModel();
    const rows = model.blocks[0]!.rows;
    HOSTILE_NAMES.slice(0, 6).forEach((name, i) => {
      rows.push([
        { text: name, role: 'label' },
        { text: String(i), role: 'value' },
        ...Array.from({ length: 6 }, () => ({ text: '', role: 'value' as const })),
      ]);
    });
    const fields = (parse(renderCsv(model), { bom: true }) as string[][]).map((r) => r[0]);
    for (const name of HOSTILE_NAMES.slice(0, 6)) expect(fields).toContain(`'${name}`);
    expect(csvDifferences(renderCsv(model), model)).toEqual([]);
  });
});

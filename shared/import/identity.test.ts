import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import { buildExportModels, exportTables } from '../render/export.ts';
import { renderXlsx } from '../render/xlsx.ts';
import type { PlanFile } from '../schema/index.ts';
import { derivedDepartmentId } from './departments.ts';
import {
  IDENTITY_NAMESPACE,
  identityOf,
  identityXml,
  type PlanIdentity,
  parseIdentityXml,
} from './identity.ts';
import { importTables } from './index.ts';
import { readZipTexts } from './zip-read.ts';

/**
 * The identity an xlsx of ours carries (docs/domain.md §9.6): what the tables do not print, in a
 * custom XML part, applied to what the cells say — and only where the cells agree.
 */

const demo = () => structuredClone(loadPlan('sendai-2023.plan.json'));
const TABLES = ['projects', 'goals'] as const;

async function xlsxOf(plan: PlanFile, identity?: string): Promise<Uint8Array> {
  const models = buildExportModels(plan, TABLES, { include: 'all' });
  return renderXlsx(models, identity === undefined ? {} : { customXml: identity });
}

describe('the identity part of an xlsx export', () => {
  it('is a custom XML part holding ids and kinds, never a figure or a text of a cell', async () => {
    const file = await exportTables(demo(), { tables: [...TABLES], format: 'xlsx' });
    const parts = await readZipTexts(file.body, (name) => name.startsWith('customXml/'));
    expect(parts.map((p) => p.name)).toEqual([
      'customXml/item1.xml',
      'customXml/itemProps1.xml',
      'customXml/_rels/item1.xml.rels',
    ]);
    const xml = parts[0]!.text;
    expect(xml).toContain(`<identity xmlns="${IDENTITY_NAMESPACE}">`);
    const identity = parseIdentityXml(xml)!;
    expect(identity.plan).toMatchObject({ id: 'sendai-2023', issuer: 'まちづくり政策局', version: 1 });
    expect(identity.departments.map((d) => d.id)).toEqual([
      'tohoku-renkei',
      'nagamachi',
      'izumi-chuo',
      'seisaku-kikaku',
    ]);
    expect(identity.projects[0]).toMatchObject({
      id: 'tohoku-renkei-kouryu',
      number: 1,
      indicators: [{ id: 'tohoku-renkei-kouryu-kpi1', number: 1, kind: 'increment' }, {}, {}],
    });
    // No value, no overview, no footnote: the cells are the truth.
    for (const printed of ['144476', '30000', 'オウンドメディア', '仙台市地下鉄の前年度乗車人数'])
      expect(xml).not.toContain(printed);
  });

  it('gives back what the tables do not print: ids, issuer, period, the department of the goals', async () => {
    const plan = demo();
    const r = await importTables((await exportTables(plan, { tables: [...TABLES], format: 'xlsx' })).body);
    expect(r.problems).toEqual([]);
    expect(r.plan!.plan).toEqual(plan.plan);
    expect(r.plan!.departments).toEqual(plan.departments);
    expect(r.plan!.projects.map((p) => p.id)).toEqual(plan.projects.map((p) => p.id));
    expect(r.plan!.cycles.map((c) => c.submissions)).toEqual(plan.cycles.map((c) => c.submissions));
  });

  it('is left aside when it is missing, damaged or of another kind: the cells alone are read', async () => {
    const plan = demo();
    const bad = [
      undefined,
      '<identity xmlns="urn:other">{}</identity>',
      `<identity xmlns="${IDENTITY_NAMESPACE}">{not json</identity>`,
      `<identity xmlns="${IDENTITY_NAMESPACE}">{"format":"shinchoku/identity@1","plan":{}}</identity>`,
    ];
    for (const xml of bad) {
      const r = await importTables(await xlsxOf(plan, xml));
      expect(r.plan!.plan.id).toBe('imported');
      expect(r.plan!.projects[0]!.id).toBe('p1');
      expect(r.plan!.departments[0]!.id).toBe(derivedDepartmentId('文化観光局東北連携推進室'));
    }
  });

  it("applies to what the cells say only where they agree: an edited cell wins over the identity's kind", async () => {
    const exported = demo();
    const identity = identityOf(exported, { tables: TABLES, fiscalYear: 2023 });
    // The workbook was edited after the export: KPI ① of project 1 now prints a bound, project 2
    // was renumbered 9, goal ③'s first indicator prints no (累計) any more.
    const edited = demo();
    const kpi = edited.projects[0]!.indicators[0]!;
    Object.assign(kpi, { kind: 'threshold', threshold: { comparator: '>=', maintain: false } });
    edited.projects[1]!.number = 9;
    const g3 = edited.goals[2]!.indicators[0]!;
    Object.assign(g3, { kind: 'level' });
    delete g3.window;
    g3.targets = [{ fiscalYear: 2023, value: '100', period: 'R5年度' }];
    for (const a of edited.cycles.flatMap((c) => c.actuals))
      if (a.indicatorId === g3.id) Object.assign(a, { basis: 'year', period: 'R5年度' });
    const r = await importTables(await xlsxOf(edited, identityXml(identity)), { acceptPartial: true });
    const plan = r.plan!;
    expect(plan.projects[0]!.indicators[0]).toMatchObject({ kind: 'threshold', id: kpi.id });
    expect(plan.projects[1]).toMatchObject({ number: 9, id: 'p9' });
    expect(plan.goals[2]!.indicators[0]).toMatchObject({ kind: 'level', id: g3.id });
    expect(plan.goals[2]!.indicators[0]!.window).toBeUndefined();
  });

  it('travels with the CLI export too: `shinchoku import` of its xlsx gives the plan id back', async () => {
    const { main } = await import('../cli/main.ts');
    const { memoryIo } = await import('../cli/test-io.ts');
    const { io, disk } = memoryIo();
    disk.set('demo.json', JSON.stringify(demo()));
    io.readBytes = async (path) => {
      const data = disk.get(path);
      if (data === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return typeof data === 'string' ? new TextEncoder().encode(data) : data;
    };
    expect(
      await main(['export', 'demo.json', '--table', 'goals', '--format', 'xlsx', '--out', 'g.xlsx'], io),
    ).toBe(0);
    expect(await main(['import', 'g.xlsx', '--out', 'plan.json'], io)).toBe(0);
    const plan = JSON.parse(disk.get('plan.json') as string) as PlanFile;
    expect(plan.plan).toMatchObject({ id: 'sendai-2023', issuer: 'まちづくり政策局' });
    expect(plan.goals.map((g) => g.id)).toEqual(demo().goals.map((g) => g.id));
  });

  it('reads back as written after a program re-serialises it (single quotes, entities)', () => {
    const identity = identityOf(demo(), { tables: TABLES, fiscalYear: 2023 });
    const json = JSON.stringify(identity).replace(/"/g, '&quot;');
    const xml = `<?xml version='1.0'?><identity xmlns='${IDENTITY_NAMESPACE}' >${json}</identity >`;
    expect(parseIdentityXml(xml)).toEqual(identity satisfies PlanIdentity);
  });
});

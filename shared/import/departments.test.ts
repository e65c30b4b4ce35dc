import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../tests/shared/load.ts';
import { exportTables } from '../render/export.ts';
import { derivedDepartmentId } from './departments.ts';
import { importTables } from './index.ts';

/** Department ids: as the caller maps the names, else as an xlsx of ours carries them, else derived from the name. */

const demo = () => loadPlan('sendai-2023.plan.json');
const csvOf = async () => (await exportTables(demo(), { tables: ['projects', 'goals'], format: 'csv' })).body;

describe('department ids derived from the name', () => {
  it('are the same for the same name in every import, and `d-` with 12 hexadecimal digits', async () => {
    const a = await importTables(await csvOf());
    const b = await importTables(await csvOf());
    expect(a.plan!.departments).toEqual(b.plan!.departments);
    for (const d of a.plan!.departments) {
      expect(d.id).toMatch(/^d-[0-9a-f]{12}$/);
      expect(d.id).toBe(derivedDepartmentId(d.name));
    }
    expect(new Set(a.plan!.departments.map((d) => d.id)).size).toBe(a.plan!.departments.length);
  });

  it('do not depend on width or spaces: 仙台市 企画課 and 仙台市　企画課 are one department', () => {
    expect(derivedDepartmentId('仙台市 企画課')).toBe(derivedDepartmentId('仙台市　企画課'));
    expect(derivedDepartmentId('ＩＣＴ推進課')).toBe(derivedDepartmentId('ICT推進課'));
    expect(derivedDepartmentId('企画課')).not.toBe(derivedDepartmentId('企画部'));
  });
});

describe('departmentIds: the ids the caller has for the names (the worker: its departments table)', () => {
  it('names the departments it maps; the others keep a derived id', async () => {
    const r = await importTables(await csvOf(), {
      departmentIds: { 文化観光局東北連携推進室: 'tohoku', '太白区長町地域活性化推進室 ': 'nagamachi' },
    });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.plan!.departments.map((d) => d.id)).toEqual([
      'tohoku',
      'nagamachi',
      derivedDepartmentId('泉区泉中央地区活性化推進室'),
    ]);
    expect(r.plan!.projects.map((p) => p.departmentIds)).toEqual([
      ['tohoku'],
      ['nagamachi'],
      [derivedDepartmentId('泉区泉中央地区活性化推進室')],
    ]);
    expect(r.plan!.cycles[1]!.submissions.map((s) => s.departmentId)).toEqual(
      r.plan!.departments.map((d) => d.id),
    );
  });

  it('win over the ids an xlsx of ours carries (the workbook may come from another server)', async () => {
    const xlsx = (await exportTables(demo(), { tables: ['projects', 'goals'], format: 'xlsx' })).body;
    const r = await importTables(xlsx, {
      departmentIds: { まちづくり政策局: 'd-001', 文化観光局東北連携推進室: 'd-002' },
    });
    expect(r.plan!.departments).toEqual([
      { id: 'd-002', name: '文化観光局東北連携推進室' },
      { id: 'nagamachi', name: '太白区長町地域活性化推進室' },
      { id: 'izumi-chuo', name: '泉区泉中央地区活性化推進室' },
      { id: 'd-001', name: 'まちづくり政策局' },
    ]);
    // The states of the identity follow the department to its new id.
    expect(r.plan!.cycles[0]!.submissions).toEqual([{ departmentId: 'd-001', status: 'approved' }]);
    expect(r.plan!.projects[0]!.departmentIds).toEqual(['d-002']);
  });

  it('an id that is not usable is named in a warning and the derived one is used', async () => {
    const r = await importTables(await csvOf(), { departmentIds: { 文化観光局東北連携推進室: '東北 連携' } });
    expect(r.problems.map((p) => [p.code, p.severity])).toContainEqual(['import.department_id', 'warning']);
    expect(r.plan!.departments[0]!.id).toBe(derivedDepartmentId('文化観光局東北連携推進室'));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { continuing } from '../import/testing/continuing.ts';
import { PLAN_TITLE, projectTable } from '../import/testing/published.ts';
import { typedCsv } from '../import/testing/typed.ts';
import { PlanFile } from '../schema/index.ts';
import { main } from './main.ts';
import { memoryIo } from './test-io.ts';

const DEMO = readFileSync(new URL('../../data/sendai-2023.plan.json', import.meta.url), 'utf8');

/** main() with an in-memory disk that can also hand out bytes (xlsx). */
async function run(files: Record<string, string | Uint8Array>, ...argv: string[]) {
  const { io, out, disk } = memoryIo();
  for (const [name, data] of Object.entries(files)) disk.set(name, data);
  io.readBytes = async (path) => {
    const data = disk.get(path);
    if (data === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return typeof data === 'string' ? new TextEncoder().encode(data) : data;
  };
  const code = await main(argv, io);
  return { code, ...out, disk };
}

describe('shinchoku import', () => {
  it('reads an exported xlsx back into a plan file that exports the same table', async () => {
    const exported = await run(
      { 'demo.json': DEMO },
      'export',
      'demo.json',
      '--table',
      'projects',
      '--format',
      'xlsx',
      '--out',
      't.xlsx',
    );
    expect(exported.code).toBe(0);
    const xlsx = exported.disk.get('t.xlsx') as Uint8Array;
    const imported = await run(
      { 't.xlsx': xlsx },
      'import',
      't.xlsx',
      '--out',
      'plan.json',
      '--plan-id',
      'sendai-r5',
    );
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toContain('事業 3件、指標 11件');
    const plan = PlanFile.parse(JSON.parse(imported.disk.get('plan.json') as string));
    expect(plan.plan.id).toBe('sendai-r5');
    const csv = async (files: Record<string, string>, path: string) =>
      (await run(files, 'export', path, '--table', 'projects', '--format', 'csv')).stdout;
    expect(await csv({ 'plan.json': imported.disk.get('plan.json') as string }, 'plan.json')).toBe(
      await csv({ 'demo.json': DEMO }, 'demo.json'),
    );
  });

  it('lists the cells it cannot read and writes nothing', async () => {
    const csv = (
      await run({ 'demo.json': DEMO }, 'export', 'demo.json', '--table', 'projects', '--format', 'csv')
    ).stdout;
    const r = await run(
      { 't.csv': csv.replace('"144,476"', '"14x4,476"') },
      'import',
      't.csv',
      '--out',
      'plan.json',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\tE11\tE11: 「14x4,476」/);
    expect(r.stderr).toContain('上の一覧のセルを直してください');
    expect(r.disk.has('plan.json')).toBe(false);
  });

  it('needs a table and --out, and a usable plan id', async () => {
    expect((await run({}, 'import')).code).toBe(2);
    expect((await run({}, 'import', 't.csv')).stderr).toContain('--out');
    expect((await run({}, 'import', 't.csv', '--out', 'p.json', '--plan-id', '計画')).stderr).toContain(
      '--plan-id',
    );
    expect((await run({}, 'import', 'missing.csv', '--out', 'p.json')).stderr).toContain(
      'missing.csv が見つかりません',
    );
  });

  it('reads the published tables: prints what it read, lists the warnings, exit 0', async () => {
    const r = await run(
      { 'r5.csv': typedCsv(projectTable()) },
      'import',
      'r5.csv',
      '--out',
      'plan.json',
      '--title',
      PLAN_TITLE,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '3事業・11指標・注記1件を読み込みました。読めなかったセル: 0 / Read 3 projects, 11 indicators, 1 note. Cells not read: 0',
    );
    expect(r.stderr).toMatch(/^warning\tA4\tA4: 要約「継続7事業/);
    expect(r.stderr).toContain('エラー 0件、警告 4件');
    expect(PlanFile.parse(JSON.parse(r.disk.get('plan.json') as string)).plan.title).toBe(PLAN_TITLE);
  });

  it('with a cell it cannot read or keep: every one listed with its address, exit 1, nothing written', async () => {
    const r = await run({ 't.csv': typedCsv(continuing()) }, 'import', 't.csv', '--out', 'plan.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\tE25\tE25: 実績値「\(※3\)」の理由/m);
    expect(r.stderr).toMatch(/^error\tG24\tG24: 「メモ: 要確認」を読み取れませんでした/m);
    expect(r.stderr).toContain('--accept-partial');
    expect(r.stdout).toContain('読めなかったセル: 1');
    expect(r.disk.has('plan.json')).toBe(false);
  });

  it('--accept-partial writes what could be read, and says it is partial', async () => {
    const r = await run(
      { 't.csv': typedCsv(continuing()) },
      'import',
      '--accept-partial',
      't.csv',
      '--out',
      'plan.json',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('plan.json に書き出しました（一部）（事業 2件、指標 7件）');
    expect(r.stderr).toContain('G24');
    expect(PlanFile.parse(JSON.parse(r.disk.get('plan.json') as string)).projects).toHaveLength(2);
  });

  it('--departments maps department names to ids: JSON, a plan file, or CSV lines name,id', async () => {
    const table = typedCsv(projectTable());
    const maps = {
      'map.json': JSON.stringify({ 文化観光局東北連携推進室: 'tohoku' }),
      'plan.json': DEMO,
      'map.csv': '担当課,id\r\n文化観光局東北連携推進室,tohoku\r\n"太白区長町地域活性化推進室",nagamachi\r\n',
    };
    const want = { 'map.json': 'tohoku', 'plan.json': 'tohoku-renkei', 'map.csv': 'tohoku' };
    for (const [path, id] of Object.entries(want)) {
      const r = await run(
        { 't.csv': table, [path]: maps[path as keyof typeof maps] },
        'import',
        't.csv',
        '--out',
        'out.json',
        '--departments',
        path,
      );
      expect(r.code).toBe(0);
      const plan = PlanFile.parse(JSON.parse(r.disk.get('out.json') as string));
      expect(plan.departments[0]).toEqual({ id, name: '文化観光局東北連携推進室' });
      expect(plan.projects[0]!.departmentIds).toEqual([id]);
    }
  });

  it('--departments that cannot be read is a usage error naming the file', async () => {
    const table = typedCsv(projectTable());
    const bad = await run(
      { 't.csv': table, 'm.json': '{"a": 1}' },
      'import',
      't.csv',
      '--out',
      'o.json',
      '--departments',
      'm.json',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('m.json');
    const missing = await run(
      { 't.csv': table },
      'import',
      't.csv',
      '--out',
      'o.json',
      '--departments',
      'no.json',
    );
    expect(missing.code).toBe(2);
  });
});

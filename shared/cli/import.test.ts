import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
});

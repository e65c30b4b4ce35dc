import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'shinchoku.mjs');
const DEMO = join(ROOT, 'data', 'sendai-2023.plan.json');

function shinchoku(args: string[], node = process.execPath) {
  const r = spawnSync(node, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/shinchoku.mjs, spawned as a user runs it', () => {
  it('validates the demo plan', () => {
    const r = shinchoku(['validate', DEMO]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('OK');
  });

  it('exports the project table of the demo plan to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shinchoku-cli-'));
    try {
      const out = join(dir, 'projects.md');
      const r = shinchoku(['export', DEMO, '--table', 'projects', '--format', 'md', '--out', out]);
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(readFileSync(out, 'utf8')).toContain(
        '| ① オウンドメディア等のPV数 | 0PV | 30,000 | 144,476 | 481.6% |',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing file: exit 2 and one line, no stack trace', () => {
    const r = shinchoku(['validate', join(ROOT, 'no-such-plan.json')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^shinchoku: [^\n]*が見つかりません[^\n]* \/ [^\n]*not found[^\n]*\n$/);
  });

  // The machines' system Node is 20: the launcher must refuse it in one line, not crash on .ts imports.
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => {
    if (!existsSync(p)) return false;
    const v = spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const [major = 0, minor = 0] = v.split('.').map(Number);
    return major < 22 || (major === 22 && minor < 18);
  });
  it.skipIf(!oldNode)('an older Node is told to use npx shinchoku or Node 22.18+, exit 2', () => {
    const r = shinchoku(['--version'], oldNode);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('npx shinchoku');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

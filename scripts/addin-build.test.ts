import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_PANE, paneBuildIsStale } from './addin-build.ts';

let root: string;
const T0 = new Date('2026-01-01T00:00:00Z');
const LATER = new Date('2026-01-02T00:00:00Z');

function file(rel: string, at: Date): void {
  const full = path.join(root, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, at, at);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'shinchoku-addin-build-'));
  file('addin/src/app/sheet.ts', T0);
  file('shared/decimal.ts', T0);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('paneBuildIsStale', () => {
  it('is stale when nothing is built', () => {
    expect(paneBuildIsStale(root)).toBe(true);
  });

  it('is fresh when the build is newer than every source', () => {
    file(BUILT_PANE, LATER);
    expect(paneBuildIsStale(root)).toBe(false);
  });

  it('is stale when a file deep under addin/ or shared/ changed after the build', () => {
    file(BUILT_PANE, T0);
    file('addin/src/ui/deep/er/pane.css', LATER);
    expect(paneBuildIsStale(root)).toBe(true);
    file('addin/src/ui/deep/er/pane.css', T0);
    expect(paneBuildIsStale(root)).toBe(false);
    file('shared/calc/achievement.ts', LATER);
    expect(paneBuildIsStale(root)).toBe(true);
  });

  it('ignores tests and node_modules, which are never bundled', () => {
    file(BUILT_PANE, T0);
    file('shared/calc/achievement.test.ts', LATER);
    file('addin/node_modules/x/index.js', LATER);
    expect(paneBuildIsStale(root)).toBe(false);
  });
});

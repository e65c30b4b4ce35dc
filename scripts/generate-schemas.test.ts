import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecimalString } from '../shared/schema/index.ts';
import { generateSchemas, PUBLISHED, SCHEMA_BASE_URI, SCHEMA_DIR } from './generate-schemas.ts';

const generated = generateSchemas();

/** Every `$ref` in a document. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const v of node) refs(v, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('published JSON Schemas', () => {
  it.each([...generated.keys()])('%s is up to date with shared/schema', (name) => {
    const file = join(SCHEMA_DIR, name);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '(missing)';
    // A failing comparison must say how to fix it, not only show a diff.
    if (committed !== generated.get(name))
      expect.fail(`shared/json-schema/${name} is stale: run npm run schemas`);
  });

  it('holds no schema file that is no longer generated', () => {
    const stale = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json') && !generated.has(f));
    expect(stale, 'run npm run schemas').toEqual([]);
  });

  it('is deterministic and self-contained: unique $ids, every $ref resolves inside its own file', () => {
    expect(generateSchemas()).toEqual(generated);
    const ids = new Set<string>();
    for (const [name, text] of generated) {
      const doc = JSON.parse(text) as { $id: string; $defs?: Record<string, unknown> };
      expect(doc.$id).toBe(`${SCHEMA_BASE_URI}${name}`);
      ids.add(doc.$id);
      for (const ref of refs(doc)) {
        expect(ref, name).toMatch(/^#\/\$defs\//);
        expect(doc.$defs?.[ref.slice('#/$defs/'.length)], `${name}: ${ref}`).toBeDefined();
      }
    }
    expect(ids.size).toBe(PUBLISHED.length);
  });

  it('the plan-file schema describes the interchange format as zod reads it', () => {
    const doc = JSON.parse(generated.get('plan-file.schema.json')!);
    expect(doc.required).toEqual(['format', 'plan']);
    expect(doc.properties.format).toMatchObject({ type: 'string', const: 'shinchoku/plan@1' });
    expect(Object.keys(doc.properties)).toEqual([
      'format',
      'plan',
      'departments',
      'goals',
      'projects',
      'cycles',
      'budgets',
      'previousVersions',
    ]);
    expect(Object.keys(doc.$defs)).toEqual([...Object.keys(doc.$defs)].sort());
    // The published pattern accepts and rejects what zod does.
    const pattern = new RegExp(doc.$defs.DecimalString.pattern, 'u');
    for (const text of ['1161000', '-1.4', '39.2', '1,161,000', '△25', '1e5', '.5', ''])
      expect(pattern.test(text), text).toBe(DecimalString.safeParse(text).success);
  });
});

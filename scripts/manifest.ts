/**
 * Writes the Excel add-in manifest for a server:
 *   node scripts/manifest.ts --base-url https://shinchoku.city.example.jp [--id <guid>] [--out file] [--version 1.0.0.0]
 * Without --base-url it rewrites manifests/manifest.xml for local use (https://localhost:8787).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_BASE_URL, DEV_ID, manifestXml, PRODUCTION_ID } from '../manifests/template.ts';

export const DEV_MANIFEST = resolve(import.meta.dirname, '../manifests/manifest.xml');

export function devManifest(): string {
  return manifestXml({
    baseUrl: DEV_BASE_URL,
    id: DEV_ID,
    nameSuffix: { ja: '（ローカル）', en: ' (local)' },
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      id: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string' },
    },
  });
  const baseUrl = values['base-url'];
  const text = baseUrl
    ? manifestXml({
        baseUrl,
        id: values.id ?? PRODUCTION_ID,
        ...(values.version ? { version: values.version } : {}),
      })
    : devManifest();
  const out = resolve(values.out ?? (baseUrl ? 'manifest.xml' : DEV_MANIFEST));
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}

if (import.meta.main) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

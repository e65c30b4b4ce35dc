/**
 * Writes the Excel add-in manifest for a server:
 *   npm run manifest -- --base-url https://shinchoku.city.example.jp --id <guid> [--out file] [--version 1.0.0.0]
 * (`npm run` puts the project's Node 24 first on PATH; `node scripts/manifest.ts` needs Node ≥ 22.18.)
 * --id is the add-in's GUID, one per deployment; without it the project's default production id is
 * used, with a warning. Without --base-url it rewrites manifests/manifest.xml for local use
 * (https://localhost:8787). A relative --out is taken from the directory npm was started in.
 */
import { randomUUID } from 'node:crypto';
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
  if (baseUrl && !values.id) {
    console.warn(
      `No --id: using the default production add-in id ${PRODUCTION_ID}. Give each deployment its own, ` +
        `e.g. --id ${randomUUID()}, and keep it for later updates of the manifest.`,
    );
  }
  const text = baseUrl
    ? manifestXml({
        baseUrl,
        id: values.id ?? PRODUCTION_ID,
        ...(values.version ? { version: values.version } : {}),
      })
    : devManifest();
  const out = resolve(process.env.INIT_CWD ?? '.', values.out ?? (baseUrl ? 'manifest.xml' : DEV_MANIFEST));
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

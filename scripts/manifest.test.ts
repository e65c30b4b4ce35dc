import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { manifestXml, PRODUCTION_ID } from '../manifests/template.ts';
import { drawIcon, encodePng, ICON_SIZES, iconFile } from './icons.ts';
import { DEV_MANIFEST, devManifest } from './manifest.ts';

/**
 * The manifests, checked offline as docs/toolchain.md §6.2 describes: well-formed (fast-xml-parser's
 * XMLValidator and two checks it lacks; from npm, no xmllint), converted to the unified JSON
 * manifest without warnings, that JSON validated (the validator bundles the schemas), every resid
 * resolved, every URL https, every icon present at its size.
 */
const root = resolve(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const production = manifestXml({ baseUrl: 'https://shinchoku.city.example.jp/addin/', id: PRODUCTION_ID });

/** '' when the XML is well-formed, else what is wrong (XMLValidator's complaint with line and column). */
function wellFormed(xml: string): string {
  const r = XMLValidator.validate(xml);
  if (r !== true) return `${r.err.code} at line ${r.err.line}, column ${r.err.col}: ${r.err.msg}`;
  // Two things XMLValidator lets through: an element after a root element, and an undefined entity.
  const top = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: true,
    commentPropName: '#comment',
  }).parse(xml) as Record<string, unknown>[];
  const roots = top
    .flatMap((node) => Object.keys(node))
    .filter((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (roots.length !== 1) return `${roots.length} root elements (${roots.join(', ')}), not 1`;
  const text = xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const entity = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)[^\s;]*;?/.exec(text);
  if (entity) return `undefined entity or stray '&': ${entity[0]}`;
  return '';
}

function checkOffline(xml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  const file = join(dir, 'manifest.xml');
  writeFileSync(file, xml);
  const lint = wellFormed(xml);
  const out = join(dir, 'json');
  const convert = spawnSync(
    bin('office-addin-manifest-converter'),
    [
      'convert',
      file,
      '-o',
      out,
      '-v',
      '--schema-override',
      'https://developer.microsoft.com/json-schemas/teams/v1.24/MicrosoftTeams.schema.json',
      '--schema-version-override',
      '1.24',
    ],
    { encoding: 'utf8' },
  );
  const log = `${convert.stdout}${convert.stderr}`;
  const validate = existsSync(join(out, 'manifest.json'))
    ? spawnSync(bin('office-addin-manifest'), ['validate', join(out, 'manifest.json')], { encoding: 'utf8' })
    : null;
  return { lint, log, json: join(out, 'manifest.json'), validate };
}

describe.each([
  ['local', readFileSync(DEV_MANIFEST, 'utf8')],
  ['production', production],
])('the %s manifest', (_name, xml) => {
  it('is well-formed, converts without warnings and validates as the unified JSON manifest', () => {
    const r = checkOffline(xml);
    expect(r.lint).toBe('');
    expect(existsSync(r.json), r.log).toBe(true);
    expect(r.log).not.toMatch(/WARNING|ERROR/);
    expect(r.validate?.status, `${r.validate?.stdout}${r.validate?.stderr}`).toBe(0);
    const json = JSON.parse(readFileSync(r.json, 'utf8')) as { extensions?: unknown[] };
    expect(JSON.stringify(json.extensions)).toContain('TabHome');
  }, 60_000);

  it('resolves every resid and uses only https URLs', () => {
    const ids = new Set([...xml.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]));
    const resids = [...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]);
    expect(resids.length).toBeGreaterThan(5);
    for (const r of resids) expect(ids, `resid ${r}`).toContain(r);
    const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(\w+:\/\/[^"]+)"|<AppDomain>([^<]+)</g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(u).toMatch(/^https:\/\//);
    expect(xml.replace(/xmlns(?::\w+)?="[^"]+"/g, '')).not.toContain('http://');
  });

  it('puts a task pane button on the Home tab', () => {
    expect(xml).toMatch(
      /<OfficeTab id="TabHome">[\s\S]*<Action xsi:type="ShowTaskpane">[\s\S]*<SourceLocation resid="Taskpane.Url"\/>/,
    );
  });
});

describe('the well-formedness check', () => {
  // Each a small edit of the production manifest that any XML parser must refuse.
  const broken: [string, string][] = [
    ['an element left open', production.replace('</Hosts>', '')],
    ['mismatched tags', production.replace('</DisplayName>', '</Displayname>')],
    ['an unquoted attribute', production.replace('xsi:type="TaskPaneApp"', 'xsi:type=TaskPaneApp')],
    ['a duplicate attribute', production.replace('<OfficeApp ', '<OfficeApp id="a" id="b" ')],
    ['text after the root element', `${production}extra`],
    ['a second root element', `${production}<extra/>`],
    ['an undefined entity', production.replace('</DisplayName>', '&nbsp;</DisplayName>')],
    ['a cut-off file', production.slice(0, production.length / 2)],
  ];

  it('accepts the manifests', () => {
    expect(wellFormed(production)).toBe('');
    expect(wellFormed(readFileSync(DEV_MANIFEST, 'utf8'))).toBe('');
  });

  it.each(broken)('refuses a manifest with %s', (_what, xml) => {
    expect(xml).not.toBe(production);
    expect(wellFormed(xml)).not.toBe('');
  });
});

describe('the manifest generator', () => {
  it('keeps manifests/manifest.xml up to date', () => {
    expect(readFileSync(DEV_MANIFEST, 'utf8')).toBe(devManifest());
  });

  it('writes a production manifest from a base URL and refuses http', () => {
    expect(production).toContain('https://shinchoku.city.example.jp/addin/taskpane.html');
    expect(() => manifestXml({ baseUrl: 'http://example.jp', id: PRODUCTION_ID })).toThrow(/https/);
    expect(() => manifestXml({ baseUrl: 'https://example.jp', id: 'nope' })).toThrow(/GUID/);
    const cli = spawnSync(
      bin('node'),
      [join(root, 'scripts/manifest.ts'), '--base-url', 'http://x.jp', '--out', join(tmpdir(), 'm.xml')],
      {
        encoding: 'utf8',
      },
    );
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/https/);
  });
});

describe('the icons', () => {
  it('are in the repository at every size the manifest names, as the generator draws them', () => {
    for (const size of ICON_SIZES) {
      const file = join(root, 'addin/public/assets', iconFile(size));
      const bytes = readFileSync(file);
      expect(bytes.readUInt32BE(16)).toBe(size);
      expect(bytes.readUInt32BE(20)).toBe(size);
      expect(
        bytes.equals(encodePng(size, size, drawIcon(size))),
        `${file} is stale: run node scripts/icons.ts`,
      ).toBe(true);
    }
    for (const m of readFileSync(DEV_MANIFEST, 'utf8').matchAll(/assets\/(icon-\d+\.png)/g))
      expect(existsSync(join(root, 'addin/public/assets', m[1]!))).toBe(true);
  });
});

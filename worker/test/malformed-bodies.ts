import fc from 'fast-check';

/**
 * Generators of malformed request bodies for the bad-input test: each body breaks its endpoint's
 * contract by construction (broken JSON, wrong types, huge strings, deep nesting, invalid notation,
 * unknown fields), so any 2xx for one of them is a bug.
 */

export type Kind =
  | 'string'
  | 'id'
  | 'decimal'
  | 'nullableDecimal'
  | 'fy'
  | 'int'
  | 'array'
  | 'object'
  | 'enum'
  | 'bool';
export type Path = (string | number)[];
export interface Site {
  path: Path;
  kind: Kind;
  max?: number;
}
export interface Target {
  base: Record<string, unknown>;
  sites: Site[];
}

export const site = (path: Path, kind: Kind, max?: number): Site => ({ path, kind, ...(max ? { max } : {}) });

const BAD_DECIMALS = [
  '１，２３４',
  '△25',
  '1,234',
  'R5年度',
  '1e5',
  '0x10',
  ' 12',
  '12.',
  '.5',
  '--1',
  '12%',
  '十二',
  '1 234',
  '+5',
  'NaN',
  '',
];
const BAD_YEARS = ['R5年度', '令和5年度', '2023年度', '２０２３', 'H31', '2023'];
const BAD_IDS = ['日本語', 'a b', '-lead', '', 'x/y', '../etc', 'a\u0000b'];
const anyJson = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

function fits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'string':
    case 'id':
    case 'decimal':
    case 'enum':
      return typeof v === 'string';
    case 'nullableDecimal':
      return typeof v === 'string' || v === null;
    case 'fy':
    case 'int':
      return typeof v === 'number';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'bool':
      return typeof v === 'boolean';
  }
}

function setAt(base: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

function nested(depth: number, object: boolean): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = object ? { a: v } : [v];
  return v;
}

export function malformed(e: Target): fc.Arbitrary<{ kind: string; text: string }> {
  const base = JSON.stringify(e.base);
  const json = (kind: string) => (v: unknown) => ({ kind, text: JSON.stringify(v) });
  const site = fc.constantFrom(...e.sites);
  const strings = e.sites.filter((x) => x.max);
  const notation = e.sites.filter((x) => ['decimal', 'nullableDecimal', 'fy', 'id'].includes(x.kind));
  const objects: Path[] = [[], ...e.sites.filter((x) => x.kind === 'object').map((x) => x.path)];
  return fc.oneof(
    fc
      .integer({ min: 1, max: base.length - 1 })
      .map((n) => ({ kind: 'truncated JSON', text: base.slice(0, n) })),
    fc
      .oneof(
        fc.string(),
        fc.constantFrom(
          '{',
          '[',
          '{"a":}',
          "{'a':1}",
          'NaN',
          '{"a":1,}',
          '{"a" 1}',
          '\u0000',
          'undefined',
          '{}}',
        ),
      )
      .filter((t) => t.trim() !== '' && !isJson(t))
      .map((text) => ({ kind: 'broken JSON', text })),
    fc
      .tuple(site, anyJson)
      .filter(([x, v]) => !fits(x.kind, v))
      .map(([x, v]) => json('wrong type')(setAt(e.base, x.path, v))),
    fc
      .tuple(
        fc.constantFrom(...strings),
        fc.integer({ min: 1, max: 200_000 }),
        fc.constantFrom('9', 'あ', 'x'),
      )
      .map(([x, extra, ch]) => json('huge string')(setAt(e.base, x.path, ch.repeat((x.max ?? 0) + extra)))),
    fc
      .tuple(site, fc.integer({ min: 50, max: 3000 }), fc.boolean())
      .map(([x, depth, obj]) => json('deep nesting')(setAt(e.base, x.path, nested(depth, obj)))),
    fc
      .tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean())
      .map(([depth, obj]) => json('deep body')(nested(depth, obj))),
    ...(notation.length
      ? [
          fc
            .constantFrom(...notation)
            .chain((x) =>
              fc
                .constantFrom(...(x.kind === 'fy' ? BAD_YEARS : x.kind === 'id' ? BAD_IDS : BAD_DECIMALS))
                .map((v) => json('invalid notation')(setAt(e.base, x.path, v))),
            ),
        ]
      : []),
    fc
      .tuple(
        fc.constantFrom(...objects),
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !['__proto__'].includes(k)),
      )
      .map(([p, k]) => {
        const target = p.length ? setAt(e.base, [...p, `x_${k}`], 1) : { ...e.base, [`x_${k}`]: 1 };
        return json('unknown field')(target);
      }),
  );
}

function isJson(t: string): boolean {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

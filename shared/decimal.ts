/**
 * Exact decimal arithmetic on scaled BigInts. Every computed figure goes through here:
 * binary floating point never decides a digit (1,161,000 / 180,000 must give 645.0% exactly).
 */
export interface Decimal {
  /** Unscaled integer: the value is `units × 10^-scale`. */
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;
const POW10: bigint[] = [];
function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

// Up to 15 digits fit a JS number exactly (10^15 < 2^53): the fast path accumulates the digits as an
// exact integer, then converts it to BigInt once. Nothing is ever rounded in binary.
const FAST_PARSE_MAX_LENGTH = 15;

/** Parses a canonical decimal string ("-12.5", "1000"). Returns null for anything else. */
export function parseDecimal(text: string): Decimal | null {
  if (text.length <= FAST_PARSE_MAX_LENGTH) return parseShortDecimal(text);
  return parseLongDecimal(text);
}

function parseShortDecimal(text: string): Decimal | null {
  const length = text.length;
  const negative = length > 0 && text.charCodeAt(0) === 45; // '-'
  let units = 0;
  let digits = 0;
  let scale = -1; // -1: no '.' seen yet
  for (let i = negative ? 1 : 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 46 && scale < 0 && digits > 0) {
      scale = 0; // the '.' of "12.5": after at least one digit, only once
    } else {
      return null;
    }
  }
  if (digits === 0 || scale === 0) return null; // "", "-", "1."
  const big = BigInt(units);
  return { units: negative ? -big : big, scale: Math.max(scale, 0) };
}

function parseLongDecimal(text: string): Decimal | null {
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt((m[2] ?? '0') + frac);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

export function decimal(text: string): Decimal {
  const d = parseDecimal(text);
  if (!d) throw new RangeError(`not a decimal: ${text}`);
  return d;
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * pow10(a.scale - b.scale), a.scale];
  return [a.units * pow10(b.scale - a.scale), b.units, b.scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { units: a.units + b.units, scale: a.scale };
  const [x, y, scale] = align(a, b);
  return { units: x + y, scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { units: a.units - b.units, scale: a.scale };
  const [x, y, scale] = align(a, b);
  return { units: x - y, scale };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function neg(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  if (a.scale === b.scale) return a.units < b.units ? -1 : a.units > b.units ? 1 : 0;
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Decimal): boolean {
  return a.units === 0n;
}

export function sign(a: Decimal): -1 | 0 | 1 {
  return a.units < 0n ? -1 : a.units > 0n ? 1 : 0;
}

function divRoundHalfUp(n: bigint, d: bigint): bigint {
  // Half up means half away from zero, as the printed reports round (481.5867 → 481.6).
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}

// Fast path of div for operands below 2^52: integer division on exact integers held in JS numbers.
// Every operand, product and remainder stays below 2^53, where numbers are exact integers; the
// quotient's estimate is corrected by the exact remainder and the half-up decision is taken on that
// remainder, so no binary rounding reaches the result (property-tested against the BigInt path).
const EXACT_LIMIT = 2 ** 52;
const POW10_NUMBER = Array.from({ length: 16 }, (_, i) => 10 ** i);
const SCALED_LIMIT = POW10_NUMBER.map((p) => Math.floor(EXACT_LIMIT / p));

function divSmall(a: Decimal, b: Decimal, exp: number): bigint | null {
  let n = Number(a.units);
  let d = Number(b.units);
  if (exp >= 0) {
    if (exp > 15 || Math.abs(n) > SCALED_LIMIT[exp]! || Math.abs(d) > EXACT_LIMIT) return null;
    n *= POW10_NUMBER[exp]!;
  } else {
    if (exp < -15 || Math.abs(d) > SCALED_LIMIT[-exp]! || Math.abs(n) > EXACT_LIMIT) return null;
    d *= POW10_NUMBER[-exp]!;
  }
  const negative = n < 0 !== d < 0;
  const an = Math.abs(n);
  const ad = Math.abs(d);
  let q = Math.floor(an / ad); // within one of the true quotient
  let r = an - q * ad;
  if (r < 0) {
    q -= 1;
    r += ad;
  } else if (r >= ad) {
    q += 1;
    r -= ad;
  }
  if (r * 2 >= ad) q += 1;
  return BigInt(negative ? -q : q);
}

/** a ÷ b rounded half up to `scale` decimals. Returns null when b is zero (never divides by zero). */
export function div(a: Decimal, b: Decimal, scale: number): Decimal | null {
  const units = quotientUnits(a, b, scale);
  return units === null ? null : { units, scale };
}

/** The units of `div(a, b, scale)` (a ÷ b × 10^scale, half up), without building a Decimal. */
export function quotientUnits(a: Decimal, b: Decimal, scale: number): bigint | null {
  if (b.units === 0n) return null;
  // a/b = (au/10^as) / (bu/10^bs); result units = a/b × 10^scale.
  const exp = scale + b.scale - a.scale;
  const small = divSmall(a, b, exp);
  if (small !== null) return small;
  let n = a.units;
  let d = b.units;
  if (exp >= 0) n *= pow10(exp);
  else d *= pow10(-exp);
  return divRoundHalfUp(n, d);
}

/** Rounds half up (away from zero) to `scale` decimals. */
export function round(a: Decimal, scale: number): Decimal {
  if (a.scale <= scale) return { units: a.units * pow10(scale - a.scale), scale };
  return { units: divRoundHalfUp(a.units, pow10(a.scale - scale)), scale };
}

/** Removes trailing fractional zeros: 12.50 → 12.5, 3.0 → 3. */
export function normalize(a: Decimal): Decimal {
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

/** Canonical string with exactly `a.scale` decimals and ASCII minus ("-1.4"). */
export function toPlainString(a: Decimal): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const intPart = a.scale === 0 ? digits : digits.slice(0, digits.length - a.scale);
  const frac = a.scale === 0 ? '' : `.${digits.slice(digits.length - a.scale)}`;
  return `${negative ? '-' : ''}${intPart}${frac}`;
}

/** Canonical string form used for storage and the interchange format (trailing zeros kept as entered). */
export function toDecimalString(a: Decimal): string {
  return toPlainString(a);
}

export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

/**
 * Japanese eras (元号) as the runtime's Intl knows them, so a new era needs no code change.
 * Parsing needs each era's offset (Western year = era year + offset); formatting asks Intl which
 * era is in force. H31/H32/H33 (written before the 2019 change) parse by offset, past the era's end.
 */
export interface Era {
  /** 令和 */
  name: string;
  /** R */
  letter: string;
  /** Western year = era year + offset (令和: 2018). */
  offset: number;
  /** First Western year of the era. */
  startYear: number;
}

export interface EraYear {
  era: Era;
  /** Year within the era, 1 for 元年. */
  year: number;
}

const PROBE_FROM = 1873; // ICU's Japanese calendar follows the Gregorian one from Meiji 6.
const PROBE_TO = 2200;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(era: 'long' | 'narrow'): Intl.DateTimeFormat {
  let f = formatters.get(era);
  if (!f) {
    f = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era, year: 'numeric', timeZone: 'UTC' });
    formatters.set(era, f);
  }
  return f;
}

function partsAt(f: Intl.DateTimeFormat, date: Date): { era: string; year: number } | null {
  const parts = f.formatToParts(date);
  const era = parts.find((p) => p.type === 'era')?.value;
  const yearText = parts.find((p) => p.type === 'year')?.value;
  if (!era || !yearText) return null;
  const year = yearText === '元' ? 1 : Number(yearText);
  return Number.isInteger(year) ? { era, year } : null;
}

// Used only when the runtime has no Japanese calendar data (an ICU build without it):
// the eras that official KPI tables can mention.
export const FALLBACK_ERAS: readonly Era[] = [
  { name: '昭和', letter: 'S', offset: 1925, startYear: 1926 },
  { name: '平成', letter: 'H', offset: 1988, startYear: 1989 },
  { name: '令和', letter: 'R', offset: 2018, startYear: 2019 },
];

let cachedEras: readonly Era[] | null = null;

/** The eras from Meiji on, oldest first, as reported by Intl. */
export function knownEras(): readonly Era[] {
  if (cachedEras) return cachedEras;
  const long = formatter('long');
  const narrow = formatter('narrow');
  const byName = new Map<string, Era>();
  const found: Era[] = [];
  if (long.resolvedOptions().calendar === 'japanese') {
    // 31 December of each year shows every era (each one so far has lasted past a year end).
    for (let y = PROBE_FROM; y <= PROBE_TO; y++) {
      const date = new Date(Date.UTC(y, 11, 31));
      const l = partsAt(long, date);
      if (!l || byName.has(l.era)) continue;
      const n = partsAt(narrow, date);
      if (!n || !/^[A-Z]$/.test(n.era)) continue;
      const era = { name: l.era, letter: n.era, offset: y - l.year, startYear: y - l.year + 1 };
      byName.set(l.era, era);
      found.push(era);
    }
  }
  cachedEras = found.some((e) => e.letter === 'R') ? found : FALLBACK_ERAS;
  return cachedEras;
}

/** Finds an era by its name (令和) or letter (R, r, Ｒ). */
export function findEra(nameOrLetter: string): Era | null {
  const key = nameOrLetter.normalize('NFKC').toUpperCase();
  return knownEras().find((e) => e.name === key || e.letter === key) ?? null;
}

const inForceCache = new Map<number, EraYear>();

/**
 * The era in force for a year that starts in `year`: the era of 31 December. So FY2019 is 令和元年度
 * (the era changed on 1 May 2019) and FY1988 is 昭和63年度 (平成 began in January 1989, after it).
 */
export function eraInForce(year: number): EraYear | null {
  const cached = inForceCache.get(year);
  if (cached) return cached;
  const eras = knownEras();
  let era: Era | undefined;
  if (eras === FALLBACK_ERAS) {
    era = [...eras].reverse().find((e) => e.startYear <= year);
  } else {
    const parts = partsAt(formatter('long'), new Date(Date.UTC(year, 11, 31)));
    era = eras.find((e) => e.name === parts?.era);
  }
  if (!era) return null;
  const result = { era, year: year - era.offset };
  inForceCache.set(year, result);
  return result;
}

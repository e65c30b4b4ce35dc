import { Id } from '../schema/index.ts';
import { loose } from './values.ts';

/**
 * Department ids for an import. A file never prints them, so each department's id is either the
 * one the caller maps its name to (`departmentIds`: the worker's departments table, the CLI's
 * `--departments` file), or the one the file carries (an xlsx of ours, in its identity part), or
 * one derived from the name: the same name gives the same id in every import.
 */

/** FNV-1a, 64 bits: a stable hash with no dependency (not a security measure: ids are public). */
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

/** The form two names are compared in: width, compatibility forms and spaces aside. */
export const departmentKey = (name: string): string => loose(name);

/** `d-` and 12 hexadecimal digits of the hash of the normalised name: `d-3f9a0c1b2e4d`. */
export function derivedDepartmentId(name: string): string {
  return `d-${fnv1a64(departmentKey(name)).toString(16).padStart(16, '0').slice(0, 12)}`;
}

/** A name → id map as given (exact names first, then by the normalised form); invalid ids are left out. */
export class DepartmentIds {
  readonly #exact = new Map<string, string>();
  readonly #normal = new Map<string, string>();
  /** Ids given for names that are not usable ids (reported by the caller). */
  readonly invalid: { name: string; id: string }[] = [];

  constructor(...maps: (Readonly<Record<string, string>> | undefined)[]) {
    for (const map of maps) {
      for (const [name, id] of Object.entries(map ?? {})) {
        if (!Id.safeParse(id).success) {
          this.invalid.push({ name, id });
          continue;
        }
        if (!this.#exact.has(name)) this.#exact.set(name, id);
        const key = departmentKey(name);
        if (!this.#normal.has(key)) this.#normal.set(key, id);
      }
    }
  }

  /** The id given for a name, if any. */
  given(name: string): string | undefined {
    return this.#exact.get(name) ?? this.#normal.get(departmentKey(name));
  }

  /** The id for a name: given, else derived (distinct names never share one). */
  idOf(name: string, taken: ReadonlyMap<string, string>): string {
    const given = this.given(name);
    if (given !== undefined) return given;
    const base = derivedDepartmentId(name);
    let id = base;
    for (let n = 2; taken.has(id) && taken.get(id) !== departmentKey(name); n++) id = `${base}-${n}`;
    return id;
  }
}

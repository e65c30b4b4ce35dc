/**
 * Where the add-in keeps what must survive closing the pane (the unsent-changes queue, the API
 * token). Injected so the logic is testable and so Office's partitionKey can separate the
 * storage of the same add-in opened from different tenants or documents (Excel on the web).
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Prefixes every key with the partition (Office.context.partitionKey) when there is one. */
export function partitionedStorage(
  base: KeyValueStorage,
  partitionKey: string | null | undefined,
): KeyValueStorage {
  const prefix = partitionKey ? `${partitionKey}/shinchoku:` : 'shinchoku:';
  return {
    getItem: (key) => base.getItem(prefix + key),
    setItem: (key, value) => base.setItem(prefix + key, value),
    removeItem: (key) => base.removeItem(prefix + key),
  };
}

/** Reads JSON written by {@link writeJson}; a corrupt entry reads as absent rather than breaking the pane. */
export function readJson<T>(
  storage: KeyValueStorage,
  key: string,
  isValid: (x: unknown) => x is T,
): T | null {
  const text = storage.getItem(key);
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return isValid(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function writeJson(storage: KeyValueStorage, key: string, value: unknown): void {
  storage.setItem(key, JSON.stringify(value));
}

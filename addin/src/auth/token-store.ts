import type { KeyValueStorage } from '../app/storage.ts';

/**
 * The API token typed once on this device. Kept in the add-in's storage, which main.ts partitions
 * by Office.context.partitionKey, so two tenants' panes on one machine never share a token.
 */
const KEY = 'apiToken';

export function readToken(storage: KeyValueStorage): string | null {
  const token = storage.getItem(KEY);
  return token && token.trim() !== '' ? token : null;
}

export function writeToken(storage: KeyValueStorage, token: string): void {
  storage.setItem(KEY, token.trim());
}

export function clearToken(storage: KeyValueStorage): void {
  storage.removeItem(KEY);
}

/** Retry delays: 1 s, 2 s, 4 s … capped at 5 minutes, with jitter so many panes do not retry in step. */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 5 * 60 * 1000;

export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  // Between half and the full delay.
  return Math.round(exp * (0.5 + 0.5 * random()));
}

import { type AuthFailure, authFailures } from './failures.ts';
import { AUTH_FAILURE_LIMIT, AUTH_FAILURE_PERIOD_S } from './rate-limit-config.ts';

/**
 * Failed authentications are limited per client address: after AUTH_FAILURE_LIMIT refused tokens
 * within AUTH_FAILURE_PERIOD_S seconds, further refused attempts from that address get 429 with
 * Retry-After instead of 401. Only refusals count (a token that was presented and is not valid):
 * a request without credentials costs nothing to refuse and is not counted, and a valid token is
 * never looked at by the limiter, so it is never slowed, whatever the address did before.
 *
 * Deployed, the counting is the Workers rate-limiting binding AUTH_FAILURES (wrangler.toml
 * `[[ratelimits]]`, the same limit and period as rate-limit-config.ts; `wrangler dev` simulates it).
 * Where the binding is absent, an in-isolate window per address stands in: weaker (each isolate
 * counts on its own) but never nothing.
 */
export { AUTH_FAILURE_LIMIT, AUTH_FAILURE_PERIOD_S };

/** What we ask of a limiter: the Workers binding's shape (`RateLimit` in worker-configuration.d.ts). */
export interface FailureLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * The client's address as the limiter's key. On Cloudflare CF-Connecting-IP is set by the edge
 * (a client cannot choose it); `wrangler dev` sets it from the socket unless the request carries
 * one. An IPv6 client is counted by its /64, which one subscriber usually holds whole.
 */
export function clientKey(headers: Headers): string {
  const ip = headers.get('CF-Connecting-IP')?.trim() ?? '';
  if (ip === '') return 'unknown';
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::', 2);
  const left = head === '' ? [] : head.split(':');
  const right = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

interface Window {
  start: number;
  count: number;
}

const MAX_TRACKED = 10_000;

/** Fixed windows per key in this isolate's memory, the same contract as the binding's `limit()`. */
export function memoryLimiter(
  limit = AUTH_FAILURE_LIMIT,
  periodS = AUTH_FAILURE_PERIOD_S,
  now: () => number = Date.now,
): FailureLimiter & { retryAfter(key: string): number } {
  const windows = new Map<string, Window>();
  const periodMs = periodS * 1000;
  return {
    async limit({ key }) {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= periodMs) {
        if (windows.size >= MAX_TRACKED) {
          for (const [k, old] of windows) if (t - old.start >= periodMs) windows.delete(k);
          // Still full of live windows: forget the oldest rather than grow without bound.
          if (windows.size >= MAX_TRACKED) windows.delete(windows.keys().next().value as string);
        }
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= limit) return { success: false };
      w.count++;
      return { success: true };
    },
    retryAfter(key) {
      const w = windows.get(key);
      if (!w) return 0;
      return Math.max(1, Math.ceil((w.start + periodMs - now()) / 1000));
    },
  };
}

/** The isolate's stand-in when the binding is not configured. */
export const isolateLimiter = memoryLimiter();

/** Whether a refusal counts: credentials were presented and were not valid (401 other than "none sent"). */
export function countsAsFailedAuthentication(failure: AuthFailure): boolean {
  return failure.problem.status === 401 && failure.problem.code !== 'auth_required';
}

/**
 * Counts one failed authentication for the client; the 429 to answer instead of the 401 when the
 * client is over the limit, else null. A limiter that fails is logged and lets the 401 through.
 */
export async function limitFailure(
  binding: FailureLimiter | undefined,
  headers: Headers,
): Promise<AuthFailure | null> {
  const key = clientKey(headers);
  try {
    if (binding) {
      const { success } = await binding.limit({ key });
      // The binding reports no window: its period is the longest wait there can be.
      return success ? null : authFailures.tooManyFailures(AUTH_FAILURE_PERIOD_S);
    }
    const { success } = await isolateLimiter.limit({ key });
    return success ? null : authFailures.tooManyFailures(isolateLimiter.retryAfter(key));
  } catch (err) {
    console.error('failed-authentication limiter unavailable', err);
    return null;
  }
}

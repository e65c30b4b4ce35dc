/**
 * How many refused tokens a client address may send within the period before further refusals are
 * answered 429 (auth/rate-limit.ts). wrangler.toml's [[ratelimits]] AUTH_FAILURES must say the same
 * (tests/system/security.test.ts compares them). No runtime imports: Node-side tests read it too.
 */
export const AUTH_FAILURE_LIMIT = 20;
export const AUTH_FAILURE_PERIOD_S = 60;

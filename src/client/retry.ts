// The delays of the Stainless-generated SDKs (openai-node, anthropic-sdk): 0.5 s doubling, capped at
// 8 s. They shave at most 25% off each delay; we draw it anywhere from 0 to the ceiling ("full
// jitter"), because importLeads sends several batches at once and a 429 refuses them together:
// with 25% they would retry almost in step and be refused together again.
export const INITIAL_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
/** Cap of the backoff between 429s when a request has a rate-limit patience (no Retry-After). */
export const MAX_RATE_LIMIT_BACKOFF_MS = 60_000;
/** Server-requested waits above this are still honoured, but reported to the logger. */
export const LONG_RETRY_AFTER_MS = 60_000;
/** Longest delay a Node timer can wait (about 24.8 days); a longer one would fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The wait the server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = parseNonNegative(headers.get("retry-after-ms"));
  if (milliseconds !== undefined) return milliseconds;
  const retryAfter = headers.get("retry-after");
  if (retryAfter === null) return undefined;
  const seconds = parseNonNegative(retryAfter);
  if (seconds !== undefined) return seconds * 1000;
  // HTTP dates always name a day or month; Date.parse would read "-5" as a year.
  const date = /[a-z]/i.test(retryAfter) ? Date.parse(retryAfter) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff before retry number `retry` (1-based), at most `capMs`. */
export function backoffMs(
  retry: number,
  random: () => number = Math.random,
  capMs: number = MAX_BACKOFF_MS,
): number {
  const ceiling = Math.min(capMs, INITIAL_BACKOFF_MS * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

function parseNonNegative(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

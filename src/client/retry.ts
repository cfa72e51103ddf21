// Whether and when to retry: the decision (`planRetry`, over a request's `RetryBudget`) and the
// delays it picks from (server-requested waits, backoff).
import type { AttemptOutcome } from "./attempt.js";
import type { RequestPolicy, RetryEvent } from "./client-types.js";

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

/** A retry about to happen: what `onRetry` is told, and whether the server chose the wait. */
export interface PlannedRetry extends RetryEvent {
  /** The server asked for the wait (Retry-After), so every request of the client honours it. */
  serverRequested: boolean;
}

/** How many retries a request has had so far, by kind. */
export interface RetryCounts {
  rateLimited: number;
  other: number;
  /** performance.now() of the first 429: the patience runs from there. */
  firstRateLimitedAt: number | undefined;
}

/** What `planRetry` decides on besides the outcome. */
export interface RetryContext {
  policy: RequestPolicy;
  /** The client's `maxRetries`. */
  maxRetries: number;
  /** 1-based number of the attempt that ended with the outcome. */
  attempt: number;
  counts: RetryCounts;
  /** performance.now() when the outcome came. */
  now: number;
  random?: () => number;
}

/**
 * Whether to retry after an attempt, and after how long: a failure without a response (timeout,
 * connection) or a 5xx only for a replay-safe policy, within `maxRetries`; a 429 always, within
 * the policy's rate-limit patience if it has one, else within `maxRetries`.
 */
export function planRetry(
  outcome: AttemptOutcome,
  { policy, maxRetries, attempt, counts, now, random = Math.random }: RetryContext,
): PlannedRetry | undefined {
  const patience = policy.rateLimitPatienceMs ?? 0;
  // With a patience, 429s have their own budget and only the other retries count here.
  const retries = patience > 0 ? counts.other : attempt - 1;
  if (outcome.kind !== "response") {
    if (!policy.replaySafe || retries >= maxRetries) return undefined;
    return {
      attempt,
      reason: outcome.kind,
      delayMs: backoffMs(retries + 1, random),
      replay: true,
      serverRequested: false,
    };
  }
  const { status, headers } = outcome.response;
  const rateLimited = status === 429;
  if (!rateLimited && !(status >= 500 && policy.replaySafe)) return undefined;
  const requested = retryAfterMs(headers);
  // A wait no timer can run cannot be honoured: the caller gets the answer instead.
  if (requested !== undefined && requested > MAX_TIMER_MS) return undefined;
  let delayMs: number;
  if (rateLimited && patience > 0) {
    // Measured on the clock, not summed from the waits: a Retry-After of 0 must not loop forever.
    const left = patience - (now - (counts.firstRateLimitedAt ?? now));
    if (left <= 0 || (requested !== undefined && requested > left)) return undefined;
    delayMs =
      requested ??
      Math.min(left, backoffMs(counts.rateLimited + 1, random, MAX_RATE_LIMIT_BACKOFF_MS));
  } else {
    if (retries >= maxRetries) return undefined;
    delayMs = requested ?? backoffMs(retries + 1, random);
  }
  return {
    attempt,
    reason: rateLimited ? "rate-limited" : "server-error",
    status,
    delayMs,
    replay: !rateLimited,
    serverRequested: requested !== undefined,
  };
}

/** One request's retries so far: plans each next retry and counts it. */
export class RetryBudget {
  readonly #policy: RequestPolicy;
  readonly #maxRetries: number;
  readonly #counts: RetryCounts = { rateLimited: 0, other: 0, firstRateLimitedAt: undefined };

  constructor(policy: RequestPolicy, maxRetries: number) {
    this.#policy = policy;
    this.#maxRetries = maxRetries;
  }

  /** The retry after attempt number `attempt`, counted, or undefined when the outcome stands. */
  next(outcome: AttemptOutcome, attempt: number): PlannedRetry | undefined {
    const now = performance.now();
    if (outcome.kind === "response" && outcome.response.status === 429) {
      this.#counts.firstRateLimitedAt ??= now;
    }
    const retry = planRetry(outcome, {
      policy: this.#policy,
      maxRetries: this.#maxRetries,
      attempt,
      counts: this.#counts,
      now,
    });
    if (retry?.reason === "rate-limited") this.#counts.rateLimited += 1;
    else if (retry) this.#counts.other += 1;
    return retry;
  }
}

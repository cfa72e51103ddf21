import { DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_REQUESTS_PER_SECOND } from "../client/rate-limit.js";

/** The documented workspace-wide limits of API v2, stated once in the client. */
export const DOCUMENTED_RATE_LIMIT = {
  perSecond: DEFAULT_REQUESTS_PER_SECOND,
  perMinute: DEFAULT_REQUESTS_PER_MINUTE,
} as const;

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;

/** Whether a request may go now, and if not, how long until it may. */
export type RateDecision = { admitted: true } | { admitted: false; retryAfterMs: number };

/** A sliding-window limiter over the last second and the last minute of admitted requests. */
export class RateWindow {
  readonly #perSecond: number;
  readonly #perMinute: number;
  readonly #now: () => number;
  /** Times of admitted requests in the last minute, oldest first. */
  #admitted: number[] = [];

  constructor(
    limits: { perSecond?: number; perMinute?: number },
    now: () => number = () => performance.now(),
  ) {
    this.#perSecond = limits.perSecond ?? DOCUMENTED_RATE_LIMIT.perSecond;
    this.#perMinute = limits.perMinute ?? DOCUMENTED_RATE_LIMIT.perMinute;
    this.#now = now;
  }

  /** Admits a request now, or says how long until one would be admitted. */
  take(): RateDecision {
    const now = this.#now();
    const firstInMinute = this.#admitted.findIndex((at) => at > now - MINUTE_MS);
    this.#admitted = firstInMinute === -1 ? [] : this.#admitted.slice(firstInMinute);
    const waits = [
      this.#waitFor(this.#perSecond, SECOND_MS, now),
      this.#waitFor(this.#perMinute, MINUTE_MS, now),
    ];
    const retryAfterMs = Math.max(...waits);
    if (retryAfterMs > 0) return { admitted: false, retryAfterMs };
    this.#admitted.push(now);
    return { admitted: true };
  }

  /** Milliseconds until fewer than `limit` admitted requests fall in the window, 0 if already so. */
  #waitFor(limit: number, windowMs: number, now: number): number {
    const oldestCounted = this.#admitted[this.#admitted.length - limit];
    if (oldestCounted === undefined || oldestCounted <= now - windowMs) return 0;
    return oldestCounted + windowMs - now;
  }
}

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

/** Limits of a RateWindow, and the steady traffic of a neighbour sharing them. */
export interface RateWindowLimits {
  perSecond?: number;
  perMinute?: number;
  /** Requests per second of another integration of the workspace, counted before the client's. */
  neighbourPerSecond?: number;
}

/** A sliding-window limiter over the last second and the last minute of admitted requests. */
export class RateWindow {
  readonly #perSecond: number;
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #neighbourSpacingMs: number;
  #neighbourNextAt: number;
  /** Times of admitted requests in the last minute, oldest first. */
  #admitted: number[] = [];

  constructor(limits: RateWindowLimits, now: () => number = () => performance.now()) {
    this.#perSecond = limits.perSecond ?? DOCUMENTED_RATE_LIMIT.perSecond;
    this.#perMinute = limits.perMinute ?? DOCUMENTED_RATE_LIMIT.perMinute;
    this.#now = now;
    const neighbour = limits.neighbourPerSecond ?? 0;
    this.#neighbourSpacingMs = neighbour > 0 ? SECOND_MS / neighbour : Infinity;
    this.#neighbourNextAt = now();
  }

  /** Admits a request now, or says how long until one would be admitted. */
  take(): RateDecision {
    const now = this.#now();
    this.#admitNeighbour(now);
    const firstInMinute = this.#admitted.findIndex((at) => at > now - MINUTE_MS);
    this.#admitted = firstInMinute === -1 ? [] : this.#admitted.slice(firstInMinute);
    const retryAfterMs = Math.max(
      this.#waitFor(this.#perSecond, SECOND_MS, now),
      this.#waitFor(this.#perMinute, MINUTE_MS, now),
    );
    if (retryAfterMs > 0) return { admitted: false, retryAfterMs };
    this.#admitted.push(now);
    return { admitted: true };
  }

  /**
   * Plays the neighbour's requests up to `now` (only its last minute can still count). They always
   * count, as if the neighbour retried until it got its share: the client gets only what is left.
   */
  #admitNeighbour(now: number): void {
    if (this.#neighbourSpacingMs === Infinity) return;
    if (this.#neighbourNextAt < now - MINUTE_MS) {
      const skipped = Math.floor(
        (now - MINUTE_MS - this.#neighbourNextAt) / this.#neighbourSpacingMs,
      );
      this.#neighbourNextAt += skipped * this.#neighbourSpacingMs;
    }
    for (; this.#neighbourNextAt <= now; this.#neighbourNextAt += this.#neighbourSpacingMs) {
      this.#admitted.push(this.#neighbourNextAt);
    }
  }

  /** Milliseconds until fewer than `limit` admitted requests fall in the window, 0 if already so. */
  #waitFor(limit: number, windowMs: number, now: number): number {
    const oldestCounted = this.#admitted[this.#admitted.length - limit];
    if (oldestCounted === undefined || oldestCounted <= now - windowMs) return 0;
    return oldestCounted + windowMs - now;
  }
}

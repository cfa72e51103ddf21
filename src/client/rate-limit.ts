import type { RateLimitOptions } from "./types.js";

// The spec does not state the limits; these are the documented ones, shared by API v1 and v2 and by
// every key of a workspace: https://developer.instantly.ai/getting-started/rate-limit
/** Documented workspace-wide limit per second. */
export const DEFAULT_REQUESTS_PER_SECOND = 100;
/** Documented workspace-wide limit per minute. */
export const DEFAULT_REQUESTS_PER_MINUTE = 6_000;

// Pace at 95% of each limit: the server counts arrivals, which jitter packs closer than the sends.
const PACING_TARGET = 0.95;
// Timers fire a millisecond or more late; a send may go this much ahead of its slot so that the
// lateness does not add up and slow the pace (capped at half a spacing, so sends never bunch).
const PACING_TOLERANCE_MS = 4;

/** At most `limit` requests in any `windowMs` milliseconds. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** A granted request; call `markSent` right after handing it to fetch. */
export interface RateSlot {
  markSent(): void;
}

interface Stamp {
  at: number;
}

interface Waiter {
  resolve(slot: RateSlot): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort(): void;
}

/**
 * The windows of `createInstantlyClient`'s `rateLimit` option: per second and per minute. No window
 * is ever exceeded, and sends are spaced evenly at 95% of the slower rate, a margin for the jitter
 * between sending and the server counting the arrival.
 */
export function rateWindows(options: RateLimitOptions = {}): RateWindow[] {
  return [
    { limit: options.perSecond ?? DEFAULT_REQUESTS_PER_SECOND, windowMs: 1_000 },
    { limit: options.perMinute ?? DEFAULT_REQUESTS_PER_MINUTE, windowMs: 60_000 },
  ];
}

/** Least time between two sends: the slowest window's rate, at `PACING_TARGET` of its limit. */
export function pacingSpacingMs(windows: readonly RateWindow[]): number {
  return Math.max(0, ...windows.map(({ limit, windowMs }) => windowMs / (limit * PACING_TARGET)));
}

/**
 * Sliding-window-log limiter over several windows at once, with a FIFO queue of waiters and a
 * single timer armed only while someone waits. Stamps are the send times (see `RateSlot`), so
 * the windows hold for the requests as sent, not only as granted. On top of the windows, sends
 * are paced evenly (GCRA without burst): letting a whole window go at once would let arrival
 * jitter pack more than the limit into some window as the server counts it.
 */
export class SlidingWindowLimiter {
  readonly #windows: Array<RateWindow & { log: Stamp[] }>;
  readonly #now: () => number;
  readonly #queue: Waiter[] = [];
  readonly #spacingMs: number;
  readonly #toleranceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pausedUntil = 0;
  /** When the next send is due on the even schedule; a late send moves the schedule with it. */
  #nextSendAt = -Infinity;

  /** `now` is a monotonic clock in milliseconds. */
  constructor(windows: readonly RateWindow[], now: () => number = () => performance.now()) {
    this.#windows = windows.map((window) => ({ ...window, log: [] }));
    this.#now = now;
    this.#spacingMs = pacingSpacingMs(windows);
    this.#toleranceMs = Math.min(PACING_TOLERANCE_MS, this.#spacingMs / 2);
  }

  /** Waits for a slot in every window; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<RateSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<RateSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          reject(signal?.reason);
          this.#drain();
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#drain();
    });
  }

  /** Grants nothing for `ms` (a server-requested Retry-After applies to every request). */
  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
    this.#drain();
  }

  #drain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (let waiter = this.#queue[0]; waiter; waiter = this.#queue[0]) {
      const now = this.#now();
      const readyAt = this.#readyAt();
      if (readyAt > now) {
        // Timers may fire a fraction of a millisecond early; #drain then simply re-arms.
        this.#timer = setTimeout(() => this.#drain(), Math.max(1, Math.ceil(readyAt - now)));
        return;
      }
      this.#queue.shift();
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.#grant(now));
    }
  }

  #readyAt(): number {
    let readyAt = Math.max(this.#pausedUntil, this.#nextSendAt - this.#toleranceMs);
    for (const { limit, windowMs, log } of this.#windows) {
      const oldest = log.length >= limit ? log[log.length - limit] : undefined;
      if (oldest) readyAt = Math.max(readyAt, oldest.at + windowMs);
    }
    return readyAt;
  }

  #grant(now: number): RateSlot {
    const stamp: Stamp = { at: now };
    for (const { limit, log } of this.#windows) {
      log.push(stamp);
      if (log.length > limit) log.shift();
    }
    // Slots never bank up: after an idle spell or a pause, the schedule restarts from now.
    this.#nextSendAt = Math.max(this.#nextSendAt, now) + this.#spacingMs;
    return {
      markSent: () => {
        stamp.at = Math.max(stamp.at, this.#now());
        this.#nextSendAt = Math.max(this.#nextSendAt, stamp.at + this.#spacingMs);
      },
    };
  }
}

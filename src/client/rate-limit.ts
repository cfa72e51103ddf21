import type { RateLimitOptions } from "./client-types.js";

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
// Adaptive pace (AIMD, as TCP congestion control): the limits are shared with every other
// integration of the workspace, so a 429 means others use part of them. Each 429 cuts the pace to
// this fraction; each answered request adds back a little, about `PACE_RECOVERY_PER_SECOND` of the
// configured rate per second of sending at full pace, never above the configured limits.
const PACE_DECREASE = 0.7;
const PACE_RECOVERY_PER_SECOND = 0.02;
// However crowded the workspace, keep sending at 1% of the configured rate to notice room again.
const MIN_PACE = 0.01;

/** At most `limit` requests in any `windowMs` milliseconds. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** A granted request; call `markSent` right after handing it to fetch, `answered` on its response. */
export interface RateSlot {
  markSent(): void;
  /** 429 lowers the pace; any other status below 500 shows the pace was accepted and raises it. */
  answered(status: number): void;
}

interface Stamp {
  at: number;
}

interface Waiter {
  resolve: (slot: RateSlot) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
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

/** Requests per second the slowest window allows. */
export function requestRate(windows: readonly RateWindow[]): number {
  return Math.min(...windows.map(({ limit, windowMs }) => (limit * 1000) / windowMs));
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
 * jitter pack more than the limit into some window as the server counts it. The pace adapts to
 * the share of the limits other integrations leave (see `RateSlot.answered`).
 */
export class SlidingWindowLimiter {
  readonly #windows: Array<RateWindow & { log: Stamp[] }>;
  readonly #now: () => number;
  readonly #queue: Waiter[] = [];
  /** Spacing at the configured limits (pace 1). */
  readonly #baseSpacingMs: number;
  #spacingMs: number;
  #toleranceMs: number;
  /** Fraction of the configured rate currently used, in [MIN_PACE, 1]. */
  #pace = 1;
  /** When the pace was last lowered: 429s of requests sent before it were already accounted for. */
  #loweredAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pausedUntil = 0;
  /** When the next send is due on the even schedule; a late send moves the schedule with it. */
  #nextSendAt = -Infinity;

  /** `now` is a monotonic clock in milliseconds. */
  constructor(windows: readonly RateWindow[], now: () => number = () => performance.now()) {
    this.#windows = windows.map((window) => ({ ...window, log: [] }));
    this.#now = now;
    this.#baseSpacingMs = pacingSpacingMs(windows);
    this.#spacingMs = this.#baseSpacingMs;
    this.#toleranceMs = Math.min(PACING_TOLERANCE_MS, this.#spacingMs / 2);
  }

  /** The fraction of the configured rate the limiter currently paces at (1 until a 429). */
  get pace(): number {
    return this.#pace;
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

  #setPace(pace: number): void {
    this.#pace = Math.min(1, Math.max(MIN_PACE, pace));
    this.#spacingMs = this.#baseSpacingMs / this.#pace;
    this.#toleranceMs = Math.min(PACING_TOLERANCE_MS, this.#spacingMs / 2);
  }

  /** Multiplicative decrease, once per round: requests sent before the last cut do not cut again. */
  #rateLimited(sentAt: number): void {
    if (sentAt <= this.#loweredAt) return;
    this.#loweredAt = this.#now();
    this.#setPace(this.#pace * PACE_DECREASE);
    this.#drain();
  }

  /** Additive increase: about PACE_RECOVERY_PER_SECOND of the full rate per second of answers. */
  #accepted(): void {
    if (this.#pace >= 1 || this.#baseSpacingMs === 0) return;
    const answersPerSecond = (1_000 / this.#baseSpacingMs) * this.#pace;
    this.#setPace(this.#pace + PACE_RECOVERY_PER_SECOND / answersPerSecond);
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
      answered: (status) => {
        if (status === 429) this.#rateLimited(stamp.at);
        else if (status < 500) this.#accepted();
      },
    };
  }
}

import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_REQUESTS_PER_SECOND,
  pacingSpacingMs,
  rateWindows,
  SlidingWindowLimiter,
  type RateSlot,
  type RateWindow,
} from "../../src/client/rate-limit.js";
import { busiestWindow } from "./support/windows.js";

/** Smallest gap between consecutive timestamps. */
function closestGap(timestamps: readonly number[]): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  return Math.min(...sorted.slice(1).map((at, i) => at - sorted[i]!));
}

// The limiter may send up to 4 ms ahead of schedule to absorb late timers; 1 ms more for measuring.
const SPACING_SLACK_MS = 5;

describe("busiestWindow (test helper)", () => {
  it.each([
    { timestamps: [0, 999, 1_000], expected: 2 },
    { timestamps: [5, 5, 5], expected: 3 },
    { timestamps: [1_000, 0, 500, 1_499], expected: 3 },
    { timestamps: [], expected: 0 },
  ])("$timestamps -> $expected", ({ timestamps, expected }) => {
    expect(busiestWindow(timestamps, 1_000)).toBe(expected);
  });
});

describe("rateWindows", () => {
  it("defaults to the documented workspace limits and takes lower ones", () => {
    expect(rateWindows()).toEqual([
      { limit: DEFAULT_REQUESTS_PER_SECOND, windowMs: 1_000 },
      { limit: DEFAULT_REQUESTS_PER_MINUTE, windowMs: 60_000 },
    ]);
    expect(rateWindows({ perSecond: 5 })).toEqual([
      { limit: 5, windowMs: 1_000 },
      { limit: DEFAULT_REQUESTS_PER_MINUTE, windowMs: 60_000 },
    ]);
  });
});

describe("pacingSpacingMs", () => {
  it.each([
    { name: "documented limits", windows: rateWindows(), expected: 1_000 / 95 },
    {
      name: "the slower window sets the pace",
      windows: [
        { limit: 10, windowMs: 1_000 },
        { limit: 20, windowMs: 3_000 },
      ],
      expected: 3_000 / 19,
    },
    { name: "no windows", windows: [], expected: 0 },
  ])("$name: 95% of the limit", ({ windows, expected }) => {
    expect(pacingSpacingMs(windows)).toBeCloseTo(expected, 9);
  });
});

describe("SlidingWindowLimiter (real clock)", () => {
  it("spaces sends evenly instead of letting a window's worth go at once", async () => {
    const windows: RateWindow[] = [{ limit: 20, windowMs: 1_000 }];
    const limiter = new SlidingWindowLimiter(windows);
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        const slot = await limiter.acquire();
        sent.push(performance.now());
        slot.markSent();
      }),
    );
    expect(closestGap(sent)).toBeGreaterThanOrEqual(pacingSpacingMs(windows) - SPACING_SLACK_MS);
  });

  it("never lets more than each window's limit through, measured at send time", async () => {
    const windows: RateWindow[] = [
      { limit: 10, windowMs: 1_000 },
      { limit: 20, windowMs: 3_000 },
    ];
    const limiter = new SlidingWindowLimiter(windows);
    const sent: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const slot = await limiter.acquire();
        sent.push(performance.now());
        slot.markSent();
      }),
    );
    for (const { limit, windowMs } of windows) {
      expect(busiestWindow(sent, windowMs)).toBeLessThanOrEqual(limit);
    }
    // Evenly spaced at 95% of the slower window's rate: 24 gaps of 3000 / 19 ms, about 3.8 s.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(24 * (pacingSpacingMs(windows) - SPACING_SLACK_MS));
    expect(elapsed).toBeLessThan(6_000);
  });
});

describe("SlidingWindowLimiter (fake clock)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeLimiter(windows: RateWindow[]): SlidingWindowLimiter {
    vi.useFakeTimers();
    return new SlidingWindowLimiter(windows, () => Date.now());
  }

  it("grants in FIFO order", async () => {
    const limiter = fakeLimiter([{ limit: 1, windowMs: 100 }]);
    const order: number[] = [];
    const all = Promise.all(
      [0, 1, 2, 3].map(async (id) => {
        (await limiter.acquire()).markSent();
        order.push(id);
      }),
    );
    await vi.advanceTimersByTimeAsync(4 * 110);
    await all;
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("arms no timer while nobody waits, and clears it when the last waiter aborts", async () => {
    const limiter = fakeLimiter([{ limit: 1, windowMs: 1_000 }]);
    (await limiter.acquire()).markSent();
    expect(vi.getTimerCount()).toBe(0);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lets the next waiter move up when one in the middle aborts", async () => {
    const limiter = fakeLimiter([{ limit: 1, windowMs: 100 }]);
    (await limiter.acquire()).markSent();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error("gone"));
    await expect(aborted).rejects.toThrow("gone");
    await vi.advanceTimersByTimeAsync(110);
    await expect(next).resolves.toBeDefined();
  });

  it("rejects at once with an already aborted signal", async () => {
    const limiter = fakeLimiter([{ limit: 1, windowMs: 100 }]);
    await expect(limiter.acquire(AbortSignal.abort(new Error("early")))).rejects.toThrow("early");
  });

  it("holds every waiter during a pause", async () => {
    const limiter = fakeLimiter([{ limit: 100, windowMs: 1_000 }]);
    limiter.pauseFor(500);
    let granted = false;
    const waiting = limiter.acquire().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(granted).toBe(true);
  });

  it("counts a slot from its send time, not its grant time", async () => {
    const limiter = fakeLimiter([{ limit: 1, windowMs: 100 }]);
    const slot = await limiter.acquire();
    await vi.advanceTimersByTimeAsync(40);
    slot.markSent();
    let granted = false;
    const next = limiter.acquire().then(() => (granted = true));
    // Counted from the grant, the next slot would be free at 100 ms.
    await vi.advanceTimersByTimeAsync(99);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    await next;
    expect(granted).toBe(true);
  });

  it("keeps the average on schedule although timers round up to whole milliseconds", async () => {
    const windows = [{ limit: 100, windowMs: 1_000 }];
    const limiter = fakeLimiter(windows);
    const granted: number[] = [];
    const all = Promise.all(
      Array.from({ length: 101 }, async () => {
        (await limiter.acquire()).markSent();
        granted.push(Date.now());
      }),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    await all;
    // Each slot is 10.53 ms apart; a timer of 11 ms per slot would take 1100 ms instead.
    expect(granted.at(-1)! - granted[0]!).toBeLessThanOrEqual(
      Math.ceil(100 * pacingSpacingMs(windows)),
    );
    expect(closestGap(granted)).toBeGreaterThanOrEqual(pacingSpacingMs(windows) - SPACING_SLACK_MS);
  });

  it("paces the waiters held by a pause instead of releasing them at once", async () => {
    const windows = [{ limit: 100, windowMs: 1_000 }];
    const limiter = fakeLimiter(windows);
    const start = Date.now();
    limiter.pauseFor(500);
    const granted: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, async () => {
        (await limiter.acquire()).markSent();
        granted.push(Date.now());
      }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    expect(granted[0]! - start).toBe(500);
    expect(closestGap(granted)).toBeGreaterThanOrEqual(pacingSpacingMs(windows) - SPACING_SLACK_MS);
  });
});

describe("SlidingWindowLimiter adapts its pace (fake clock)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const windows = [{ limit: 100, windowMs: 1_000 }];

  async function sendOne(limiter: SlidingWindowLimiter): Promise<RateSlot> {
    const slot = limiter.acquire();
    // Long enough for a slot even at the slowest pace (1% of 100/s).
    await vi.advanceTimersByTimeAsync(2_000);
    const granted = await slot;
    granted.markSent();
    return granted;
  }

  async function grantTimes(limiter: SlidingWindowLimiter, count: number): Promise<number[]> {
    const granted: number[] = [];
    const all = Promise.all(
      Array.from({ length: count }, async () => {
        (await limiter.acquire()).markSent();
        granted.push(Date.now());
      }),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await all;
    return granted;
  }

  it("cuts the pace to 70% on a 429 and spaces sends accordingly", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(windows, () => Date.now());
    (await sendOne(limiter)).answered(429);
    expect(limiter.pace).toBeCloseTo(0.7, 9);
    const granted = await grantTimes(limiter, 10);
    expect(closestGap(granted)).toBeGreaterThanOrEqual(
      pacingSpacingMs(windows) / 0.7 - SPACING_SLACK_MS,
    );
  });

  it("cuts once for the 429s of requests sent before the cut, again for one sent after", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(windows, () => Date.now());
    const early = [await sendOne(limiter), await sendOne(limiter), await sendOne(limiter)];
    for (const slot of early) slot.answered(429);
    expect(limiter.pace).toBeCloseTo(0.7, 9);
    (await sendOne(limiter)).answered(429);
    expect(limiter.pace).toBeCloseTo(0.49, 9);
  });

  it("raises the pace slowly with answers, never above the configured limits", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(windows, () => Date.now());
    (await sendOne(limiter)).answered(200);
    expect(limiter.pace).toBe(1);
    (await sendOne(limiter)).answered(429);
    const slot = await sendOne(limiter);
    slot.answered(200);
    const afterOne = limiter.pace;
    expect(afterOne).toBeGreaterThan(0.7);
    expect(afterOne).toBeLessThan(0.71);
    // About 2% of the full rate per second of answers: 30% back takes ~15 s worth (~1,200 answers).
    for (let i = 0; i < 1_000; i++) slot.answered(201);
    expect(limiter.pace).toBeGreaterThan(0.8);
    expect(limiter.pace).toBeLessThan(1);
    for (let i = 0; i < 5_000; i++) slot.answered(400);
    expect(limiter.pace).toBe(1);
  });

  it("ignores 5xx and keeps a floor of 1% however many 429s", async () => {
    vi.useFakeTimers();
    const limiter = new SlidingWindowLimiter(windows, () => Date.now());
    (await sendOne(limiter)).answered(503);
    expect(limiter.pace).toBe(1);
    for (let i = 0; i < 30; i++) (await sendOne(limiter)).answered(429);
    expect(limiter.pace).toBe(0.01);
  });
});

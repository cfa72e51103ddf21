import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_REQUESTS_PER_MINUTE,
  DEFAULT_REQUESTS_PER_SECOND,
  rateWindows,
  SlidingWindowLimiter,
  type RateWindow,
} from "../../src/client/rate-limit.js";
import { busiestWindow } from "./support/windows.js";

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

describe("SlidingWindowLimiter (real clock)", () => {
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
    // 10 at once, 10 more after 1 s, the last 5 once the 3 s window frees up.
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(3_000);
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
    await vi.advanceTimersByTimeAsync(300);
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
    await vi.advanceTimersByTimeAsync(100);
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
    await vi.advanceTimersByTimeAsync(99);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(granted).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import {
  DOCUMENTED_RATE_LIMIT,
  RateWindow,
  type RateWindowLimits,
} from "../../src/testing/rate-window.js";

function clockedWindow(limits: RateWindowLimits) {
  const clock = { now: 0 };
  return { clock, window: new RateWindow(limits, () => clock.now) };
}

function admittedOf(window: RateWindow, count: number): number {
  return Array.from({ length: count }, () => window.take()).filter((d) => d.admitted).length;
}

describe("RateWindow", () => {
  it("admits perSecond requests per sliding second and says when the next one fits", () => {
    const { clock, window } = clockedWindow({ perSecond: 3, perMinute: 100 });
    expect(admittedOf(window, 3)).toBe(3);
    clock.now = 400;
    expect(window.take()).toEqual({ admitted: false, retryAfterMs: 600 });
    clock.now = 1000;
    expect(admittedOf(window, 4)).toBe(3);
  });

  it("admits perMinute requests per sliding minute", () => {
    const { clock, window } = clockedWindow({ perSecond: 100, perMinute: 5 });
    expect(admittedOf(window, 5)).toBe(5);
    clock.now = 30_000;
    expect(window.take()).toEqual({ admitted: false, retryAfterMs: 30_000 });
    clock.now = 60_000;
    expect(admittedOf(window, 6)).toBe(5);
  });

  it.each([
    ["per second", { perMinute: 1e6 }, DOCUMENTED_RATE_LIMIT.perSecond],
    ["per minute", { perSecond: 1e6 }, DOCUMENTED_RATE_LIMIT.perMinute],
  ])("defaults to the documented workspace limit %s", (_name, limits, limit) => {
    const { window } = clockedWindow(limits);
    expect(admittedOf(window, limit + 1)).toBe(limit);
  });

  it("leaves the client what a neighbour sending at a steady rate does not use", () => {
    const { clock, window } = clockedWindow({
      perSecond: 10,
      perMinute: 1_000,
      neighbourPerSecond: 7,
    });
    let admitted = 0;
    // The client tries every 10 ms for 20 s; the neighbour sends every 1000 / 7 ms.
    for (clock.now = 0; clock.now < 20_000; clock.now += 10) {
      if (window.take().admitted) admitted += 1;
    }
    // 3 per second are left, plus a few in the first second, before the neighbour's log fills up.
    expect(admitted).toBeGreaterThanOrEqual(3 * 20);
    expect(admitted).toBeLessThanOrEqual(3 * 20 + 7);
  });

  it("counts the neighbour against the minute too, after an idle spell", () => {
    const { clock, window } = clockedWindow({
      perSecond: 100,
      perMinute: 60,
      neighbourPerSecond: 1,
    });
    clock.now = 3_600_000;
    // The last minute holds the neighbour's 60 requests: nothing is left.
    expect(window.take()).toMatchObject({ admitted: false });
  });
});

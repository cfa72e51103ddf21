import { describe, expect, it } from "vitest";
import { DOCUMENTED_RATE_LIMIT, RateWindow } from "../../src/testing/rate-window.js";

function clockedWindow(limits: { perSecond?: number; perMinute?: number }) {
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
});

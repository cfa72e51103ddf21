import { describe, expect, it } from "vitest";
import {
  AdaptiveConcurrency,
  concurrencyCeiling,
  INITIAL_CONCURRENCY,
  MAX_ADAPTIVE_CONCURRENCY,
} from "../../src/leads/adaptive-concurrency.js";

/** A server on virtual time: `workers` at once, `serviceMs` each, a first-come queue. */
interface SimServer {
  workers: number;
  serviceMs: number;
  /** Answered 429 instead (immediately, not queued) when this returns true. */
  refuse?: (now: number) => boolean;
}

interface SimResult {
  /** Answers per second over the run. */
  rate: number;
  /** Time-averaged number of requests waiting in the server's queue. */
  meanQueue: number;
  limits: Array<{ at: number; limit: number }>;
}

/**
 * An import that keeps `limit` requests in flight against `server` for `durationMs` of virtual
 * time, feeding the controller every answer, as importLeads does.
 */
function simulate(
  server: SimServer,
  durationMs: number,
  ceiling = (_base: number) => MAX_ADAPTIVE_CONCURRENCY,
): SimResult {
  let now = 0;
  const controller = new AdaptiveConcurrency(() => now, ceiling);
  // Pending events: answers at the server's completion times.
  const events: Array<{ at: number; sentAt: number; inFlight: number; congested: boolean }> = [];
  const queue: Array<{ sentAt: number; inFlight: number }> = [];
  let busy = 0;
  let inFlight = 0;
  let answered = 0;
  let queueArea = 0;
  let last = 0;
  const limits: SimResult["limits"] = [];
  const start = (request: { sentAt: number; inFlight: number }) => {
    busy += 1;
    events.push({ at: now + server.serviceMs, ...request, congested: false });
  };
  const send = () => {
    while (inFlight < controller.limit) {
      inFlight += 1;
      const request = { sentAt: now, inFlight };
      if (server.refuse?.(now) === true) {
        events.push({ at: now + 1, ...request, congested: true });
      } else if (busy < server.workers) start(request);
      else queue.push(request);
    }
  };
  send();
  while (now < durationMs) {
    events.sort((a, b) => a.at - b.at);
    const event = events.shift()!;
    queueArea += queue.length * (event.at - last);
    now = last = event.at;
    inFlight -= 1;
    if (!event.congested) {
      answered += 1;
      busy -= 1;
      const next = queue.shift();
      if (next) start(next);
    }
    controller.sample({
      sentAt: event.sentAt,
      rttMs: now - event.sentAt,
      inFlight: event.inFlight,
      congested: event.congested,
    });
    if (limits.at(-1)?.limit !== controller.limit)
      limits.push({ at: now, limit: controller.limit });
    send();
  }
  return { rate: (answered / now) * 1000, meanQueue: queueArea / now, limits };
}

describe("AdaptiveConcurrency on virtual time", () => {
  it("reaches a narrow server's rate without piling up a queue (300 ms, 4 at once)", () => {
    const { rate, meanQueue } = simulate({ workers: 4, serviceMs: 300 }, 120_000);
    expect(rate / (4 / 0.3)).toBeGreaterThanOrEqual(0.8);
    expect(meanQueue).toBeLessThan(0.5);
  });

  it("grows to a wide server's capacity within a few round trips (1 s, 16 at once)", () => {
    const { rate, limits } = simulate({ workers: 16, serviceMs: 1000 }, 60_000);
    expect(rate / 16).toBeGreaterThanOrEqual(0.8);
    // Slow start: half as many again each round trip, 4 -> 6 -> 9 -> 14 -> 21.
    expect(limits.slice(0, 5).map((step) => step.limit)).toEqual([4, 6, 9, 14, 21]);
    expect(limits.find((step) => step.limit >= 16)!.at).toBeLessThanOrEqual(4_000);
  });

  it("stays at 1 for a server that works on one request at a time", () => {
    const { rate, meanQueue, limits } = simulate({ workers: 1, serviceMs: 200 }, 60_000);
    expect(rate / 5).toBeGreaterThanOrEqual(0.8);
    expect(meanQueue).toBeLessThan(0.5);
    expect(limits.at(-1)!.limit).toBeLessThanOrEqual(2);
  });

  it("cuts the limit on 429s and never goes below 1", () => {
    const { limits } = simulate(
      { workers: 64, serviceMs: 100, refuse: (now) => now > 2_000 },
      4_000,
    );
    const peak = Math.max(...limits.map((step) => step.limit));
    expect(peak).toBeGreaterThanOrEqual(16);
    expect(limits.at(-1)!.limit).toBe(1);
  });

  it("never exceeds the ceiling", () => {
    const { limits } = simulate({ workers: 64, serviceMs: 100 }, 20_000, () => 10);
    expect(Math.max(...limits.map((step) => step.limit))).toBe(10);
  });
});

describe("concurrencyCeiling", () => {
  it.each([
    ["no rate limit", undefined, 1_000, MAX_ADAPTIVE_CONCURRENCY],
    ["100/s at 1 s: twice rate x latency", 100, 1_000, 200],
    ["100/s at 300 ms", 100, 300, 60],
    ["never below the initial limit", 100, 5, INITIAL_CONCURRENCY],
    ["never above the maximum", 1_000, 10_000, MAX_ADAPTIVE_CONCURRENCY],
  ])("%s", (_, rate, base, ceiling) => {
    expect(concurrencyCeiling(rate, base)).toBe(ceiling);
  });
});

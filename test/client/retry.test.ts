import { describe, expect, it } from "vitest";
import {
  backoffMs,
  INITIAL_BACKOFF_MS,
  MAX_BACKOFF_MS,
  MAX_RATE_LIMIT_BACKOFF_MS,
  MAX_TIMER_MS,
  planRetry,
  retryAfterMs,
  RetryBudget,
  type RetryCounts,
} from "../../src/client/retry.js";
import type { AttemptOutcome } from "../../src/client/attempt.js";
import type { RequestPolicy } from "../../src/client/client-types.js";

const NOW = Date.parse("2025-01-01T00:00:00Z");

describe("retryAfterMs", () => {
  it.each<{ headers: Record<string, string>; expected: number | undefined }>([
    { headers: { "retry-after-ms": "250" }, expected: 250 },
    { headers: { "retry-after-ms": "12.5", "retry-after": "9" }, expected: 12.5 },
    { headers: { "retry-after-ms": "soon", "retry-after": "3" }, expected: 3_000 },
    { headers: { "retry-after": "0" }, expected: 0 },
    { headers: { "retry-after": "120" }, expected: 120_000 },
    { headers: { "retry-after": "1.5" }, expected: 1_500 },
    { headers: { "retry-after": "Wed, 01 Jan 2025 00:00:07 GMT" }, expected: 7_000 },
    { headers: { "retry-after": "Tue, 31 Dec 2024 23:59:00 GMT" }, expected: 0 },
    { headers: { "retry-after": "-5" }, expected: undefined },
    { headers: { "retry-after": "later" }, expected: undefined },
    { headers: {}, expected: undefined },
  ])("$headers -> $expected", ({ headers, expected }) => {
    expect(retryAfterMs(new Headers(headers), NOW)).toBe(expected);
  });
});

describe("backoffMs", () => {
  it.each([
    { retry: 1, random: 1, expected: INITIAL_BACKOFF_MS },
    { retry: 2, random: 1, expected: INITIAL_BACKOFF_MS * 2 },
    { retry: 3, random: 0.5, expected: INITIAL_BACKOFF_MS * 2 },
    { retry: 5, random: 1, expected: MAX_BACKOFF_MS },
    { retry: 30, random: 1, expected: MAX_BACKOFF_MS },
    { retry: 4, random: 0, expected: 0 },
  ])("retry $retry with random $random -> $expected ms", ({ retry, random, expected }) => {
    expect(backoffMs(retry, () => random)).toBe(expected);
  });

  it.each([
    { retry: 5, expected: INITIAL_BACKOFF_MS * 16 },
    { retry: 8, expected: MAX_RATE_LIMIT_BACKOFF_MS },
    { retry: 40, expected: MAX_RATE_LIMIT_BACKOFF_MS },
  ])("with the rate-limit cap, retry $retry waits up to $expected ms", ({ retry, expected }) => {
    expect(backoffMs(retry, () => 1, MAX_RATE_LIMIT_BACKOFF_MS)).toBe(expected);
  });

  it("jitters over the whole range up to the ceiling", () => {
    const delays = Array.from({ length: 200 }, () => backoffMs(2));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(INITIAL_BACKOFF_MS * 2);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });
});

const answer = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({
  kind: "response",
  response: new Response(null, { status, headers }),
});
const timeout: AttemptOutcome = { kind: "timeout", error: new Error("aborted") };
const dropped: AttemptOutcome = { kind: "connection", error: new Error("socket hang up") };
const fresh: RetryCounts = { rateLimited: 0, other: 0, firstRateLimitedAt: undefined };
const SAFE: RequestPolicy = { replaySafe: true };
const PATIENT: RequestPolicy = { rateLimitPatienceMs: 10_000 };

describe("planRetry", () => {
  // random() = 1: each backoff is its ceiling, so the delays are exact.
  it.each<{
    name: string;
    outcome: AttemptOutcome;
    policy: RequestPolicy;
    attempt?: number;
    counts?: Partial<RetryCounts>;
    now?: number;
    expected: Record<string, unknown> | undefined;
  }>([
    { name: "a 2xx stands", outcome: answer(200), policy: SAFE, expected: undefined },
    { name: "a 400 stands", outcome: answer(400), policy: SAFE, expected: undefined },
    { name: "a 500 not replay-safe stands", outcome: answer(500), policy: {}, expected: undefined },
    {
      name: "a 500 replay-safe is retried as a replay",
      outcome: answer(500),
      policy: SAFE,
      expected: { reason: "server-error", status: 500, delayMs: 500, replay: true },
    },
    { name: "a timeout not replay-safe stands", outcome: timeout, policy: {}, expected: undefined },
    {
      name: "a timeout replay-safe is retried",
      outcome: timeout,
      policy: SAFE,
      attempt: 2,
      expected: { attempt: 2, reason: "timeout", delayMs: 1_000, replay: true },
    },
    {
      name: "a dropped connection replay-safe is retried",
      outcome: dropped,
      policy: SAFE,
      expected: { reason: "connection", replay: true, serverRequested: false },
    },
    {
      name: "no retry left after maxRetries",
      outcome: dropped,
      policy: SAFE,
      attempt: 3,
      expected: undefined,
    },
    {
      name: "a 429 is retried without being a replay",
      outcome: answer(429),
      policy: {},
      expected: { reason: "rate-limited", status: 429, delayMs: 500, replay: false },
    },
    {
      name: "a 429 counts against maxRetries without a patience",
      outcome: answer(429),
      policy: {},
      attempt: 3,
      expected: undefined,
    },
    {
      name: "a server-requested wait is honoured",
      outcome: answer(503, { "retry-after": "3" }),
      policy: SAFE,
      expected: { delayMs: 3_000, serverRequested: true },
    },
    {
      name: "a wait no timer can run is not",
      outcome: answer(429, { "retry-after-ms": String(MAX_TIMER_MS + 1) }),
      policy: {},
      expected: undefined,
    },
    {
      name: "with a patience, 429s do not count against maxRetries",
      outcome: answer(429),
      policy: PATIENT,
      attempt: 9,
      counts: { rateLimited: 8, firstRateLimitedAt: 0 },
      now: 1_000,
      expected: { reason: "rate-limited", delayMs: 9_000 },
    },
    {
      name: "with a patience, only the other retries count against maxRetries",
      outcome: answer(500),
      policy: { ...PATIENT, replaySafe: true },
      attempt: 9,
      counts: { rateLimited: 7, other: 1, firstRateLimitedAt: 0 },
      expected: { reason: "server-error", delayMs: 1_000 },
    },
    {
      name: "with a patience, the other retries still do",
      outcome: answer(500),
      policy: { ...PATIENT, replaySafe: true },
      attempt: 9,
      counts: { rateLimited: 6, other: 2, firstRateLimitedAt: 0 },
      expected: undefined,
    },
    {
      name: "a patience runs out on the clock",
      outcome: answer(429, { "retry-after": "0" }),
      policy: PATIENT,
      attempt: 50,
      counts: { rateLimited: 49, firstRateLimitedAt: 0 },
      now: 10_000,
      expected: undefined,
    },
    {
      name: "a Retry-After longer than the patience left ends the wait",
      outcome: answer(429, { "retry-after": "5" }),
      policy: PATIENT,
      counts: { firstRateLimitedAt: 0 },
      now: 6_000,
      expected: undefined,
    },
  ])("$name", ({ outcome, policy, attempt = 1, counts, now = 0, expected }) => {
    const retry = planRetry(outcome, {
      policy,
      maxRetries: 2,
      attempt,
      counts: { ...fresh, ...counts },
      now,
      random: () => 1,
    });
    if (expected === undefined) expect(retry).toBeUndefined();
    else expect(retry).toMatchObject(expected);
  });
});

describe("RetryBudget", () => {
  it("gives 429s with a patience their own budget, apart from the other retries", () => {
    const budget = new RetryBudget({ ...PATIENT, replaySafe: true }, 1);
    expect(budget.next(answer(429, { "retry-after": "0" }), 1)).toBeDefined();
    expect(budget.next(answer(429, { "retry-after": "0" }), 2)).toBeDefined();
    expect(budget.next(answer(500, { "retry-after": "0" }), 3)).toBeDefined();
    // maxRetries 1: the second 5xx stands, though four attempts were made.
    expect(budget.next(answer(500, { "retry-after": "0" }), 4)).toBeUndefined();
    expect(budget.next(answer(429, { "retry-after": "0" }), 5)).toBeDefined();
  });
});

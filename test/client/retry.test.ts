import { describe, expect, it } from "vitest";
import {
  backoffMs,
  INITIAL_BACKOFF_MS,
  MAX_BACKOFF_MS,
  MAX_RATE_LIMIT_BACKOFF_MS,
  retryAfterMs,
} from "../../src/client/retry.js";

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

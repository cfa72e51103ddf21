import { afterEach, describe, expect, it, vi } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { InstantlyError } from "../../src/client/errors.js";
import type { RequestPolicy, RetryEvent } from "../../src/client/client-types.js";
import {
  LEADS_BODY,
  OK_BODY,
  RATE_LIMITED,
  TEST_API_KEY,
  sendJson,
  startLoopbackServer,
  type Handler,
  type LoopbackServer,
} from "../support/loopback.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

/** 429 with `headers` for the first `count` requests, then 200. */
function limitedThenOk(count: number, headers: Record<string, string> = {}): Handler {
  return (_request, response, number) =>
    number <= count
      ? sendJson(response, 429, RATE_LIMITED, headers)
      : sendJson(response, 200, OK_BODY);
}

async function post(handler: Handler, policy: RequestPolicy, maxRetries = 0) {
  server = await startLoopbackServer(handler);
  // No client-side limiter: these tests are about the retry policy alone.
  const client = createInstantlyClient({
    apiKey: TEST_API_KEY,
    baseUrl: server.url,
    maxRetries,
    rateLimit: false,
  });
  const events: RetryEvent[] = [];
  const fetch = client.fetchWith({ ...policy, onRetry: (event) => events.push(event) });
  const { response } = await client.POST("/api/v2/leads/add", { body: LEADS_BODY, fetch });
  return { status: response.status, events, requests: server.requests.length };
}

describe("rateLimitPatienceMs", () => {
  it("retries 429s beyond maxRetries while the patience lasts", async () => {
    const result = await post(limitedThenOk(6, { "retry-after-ms": "5" }), {
      rateLimitPatienceMs: 10_000,
    });
    expect(result).toMatchObject({ status: 200, requests: 7 });
    expect(result.events.map((event) => event.reason)).toEqual(Array(6).fill("rate-limited"));
  });

  it("without Retry-After, backs off with jitter, growing with each 429", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.01);
    const result = await post(limitedThenOk(4), { rateLimitPatienceMs: 10_000 });
    expect(result).toMatchObject({ status: 200, requests: 5 });
    expect(result.events.map((event) => event.delayMs)).toEqual([5, 10, 20, 40]);
  });

  it("returns the 429 once the patience has run out", async () => {
    const result = await post(limitedThenOk(1_000, { "retry-after-ms": "40" }), {
      rateLimitPatienceMs: 150,
    });
    expect(result.status).toBe(429);
    // Waits of 40 ms fit 3 or 4 times in 150 ms, depending on how long each attempt takes.
    expect(result.requests).toBeGreaterThanOrEqual(3);
    expect(result.requests).toBeLessThanOrEqual(5);
  });

  it("does not start a Retry-After longer than the patience left", async () => {
    const result = await post(limitedThenOk(1, { "retry-after": "5" }), {
      rateLimitPatienceMs: 1_000,
    });
    expect(result).toMatchObject({ status: 429, requests: 1, events: [] });
  });

  it("ends even when the server keeps asking for no wait at all", async () => {
    const result = await post(limitedThenOk(Infinity, { "retry-after-ms": "0" }), {
      rateLimitPatienceMs: 200,
    });
    expect(result.status).toBe(429);
    expect(result.requests).toBeGreaterThan(2);
  });

  it.each([0, undefined])("%s keeps maxRetries for 429s", async (rateLimitPatienceMs) => {
    const result = await post(
      limitedThenOk(5, { "retry-after-ms": "1" }),
      { rateLimitPatienceMs },
      2,
    );
    expect(result).toMatchObject({ status: 429, requests: 3 });
  });

  it("still counts other retries against maxRetries", async () => {
    const handler: Handler = (_request, response, number) =>
      number % 2 === 1
        ? sendJson(response, 429, RATE_LIMITED, { "retry-after-ms": "1" })
        : sendJson(response, 503, {}, { "retry-after-ms": "1" });
    const result = await post(handler, { rateLimitPatienceMs: 10_000, replaySafe: true }, 1);
    // 429, 503 (retry 1 of 1), 429, 503: the second 503 is not retried.
    expect(result).toMatchObject({ status: 503, requests: 4 });
  });

  it.each([-1, Number.NaN, Infinity])("refuses %s", async (rateLimitPatienceMs) => {
    const client = createInstantlyClient({ apiKey: TEST_API_KEY });
    expect(() => client.fetchWith({ rateLimitPatienceMs })).toThrow(InstantlyError);
  });
});

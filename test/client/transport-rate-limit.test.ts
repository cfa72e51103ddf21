import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { pacingSpacingMs, rateWindows } from "../../src/client/rate-limit.js";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import {
  LEADS_BODY,
  TEST_API_KEY,
  OK_BODY,
  sendJson,
  startLoopbackServer,
  type LoopbackServer,
} from "../support/loopback.js";
import { busiestWindow } from "./support/windows.js";

let server: LoopbackServer | FakeInstantly | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Smallest gap between consecutive timestamps. */
function closestGap(timestamps: readonly number[]): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  return Math.min(...sorted.slice(1).map((at, i) => at - sorted[i]!));
}

/** A fetch that records when each request is handed to the network. */
function recordingFetch(sent: number[]): (request: Request) => Promise<Response> {
  return (request) => {
    sent.push(performance.now());
    return fetch(request);
  };
}

describe("client-side rate limit", () => {
  it("paces concurrent requests and their retries to the configured rate", async () => {
    // Every 5th request is refused once, so retries compete for the same budget.
    server = await startLoopbackServer((_request, response, number) =>
      number % 5 === 0
        ? sendJson(response, 429, {}, { "retry-after-ms": "0" })
        : sendJson(response, 200, OK_BODY),
    );
    const sent: number[] = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      rateLimit: { perSecond: 10 },
      fetch: recordingFetch(sent),
    });
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.POST("/api/v2/leads/add", { body: LEADS_BODY })),
    );
    expect(results.every(({ response }) => response.status === 200)).toBe(true);
    expect(server.requests.length).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(20);
    expect(busiestWindow(sent, 1_000)).toBeLessThanOrEqual(10);
    // Up to 4 ms ahead of schedule absorbs late timers; 1 ms more for measuring.
    const spacing = pacingSpacingMs(rateWindows({ perSecond: 10 }));
    expect(closestGap(sent)).toBeGreaterThanOrEqual(spacing - 5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("stays under the limits as the server counts them, close to the allowed rate", async () => {
    const limits = { perSecond: 20, perMinute: 1_200 };
    const fake = await startFakeInstantly({ rateLimit: limits, latencyMs: 50 });
    server = fake;
    const client = createInstantlyClient({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      rateLimit: limits,
    });
    const body = { campaign_id: randomUUID(), leads: [{ email: "pace@example.com" }] };
    const count = 60;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: count }, () => client.POST("/api/v2/leads/add", { body })),
    );
    const perSecond = count / ((performance.now() - started) / 1_000);
    expect(results.every(({ response }) => response.status === 200)).toBe(true);
    expect(fake.state.responses["429"] ?? 0).toBe(0);
    expect(fake.state.requests).toBe(count);
    // The client aims at 95% of the limit; the bench reports the real figure.
    expect(perSecond).toBeGreaterThanOrEqual(0.75 * limits.perSecond);
  });

  it("sends everything at once when turned off", async () => {
    server = await startLoopbackServer((_request, response) => sendJson(response, 200, OK_BODY));
    const sent: number[] = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      rateLimit: false,
      fetch: recordingFetch(sent),
    });
    await Promise.all(
      Array.from({ length: 30 }, () => client.POST("/api/v2/leads/add", { body: LEADS_BODY })),
    );
    expect(busiestWindow(sent, 1_000)).toBe(30);
  });

  it("holds every request of the client while a 429's Retry-After runs", async () => {
    server = await startLoopbackServer((_request, response, number) =>
      number === 1
        ? sendJson(response, 429, {}, { "retry-after-ms": "400" })
        : sendJson(response, 200, OK_BODY),
    );
    const sent: number[] = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      fetch: recordingFetch(sent),
    });
    let refused!: () => void;
    const refusal = new Promise<void>((resolve) => (refused = resolve));
    const first = client.POST("/api/v2/leads/add", {
      body: LEADS_BODY,
      fetch: client.fetchWith({ onRetry: () => refused() }),
    });
    await refusal;
    const second = client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    await Promise.all([first, second]);
    expect(sent).toHaveLength(3);
    // Without the pause the second request would go out right after the refusal.
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(400);
    expect(sent[2]! - sent[0]!).toBeGreaterThanOrEqual(400);
  });
});

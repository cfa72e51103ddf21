import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import type { AttemptTiming } from "../../src/client/client-types.js";
import {
  LEADS_BODY,
  OK_BODY,
  TEST_API_KEY,
  sendJson,
  startLoopbackServer,
  type LoopbackServer,
} from "../support/loopback.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("RequestPolicy.onAttempt", () => {
  it("gets each attempt's status and its time from sending, without the rate limiter's wait", async () => {
    server = await startLoopbackServer((_request, response, number) => {
      if (number === 1) sendJson(response, 503, { statusCode: 503, error: "x", message: "busy" });
      else setTimeout(() => sendJson(response, 200, OK_BODY), 120);
    });
    // 1/s: the retry waits at least half a second for its slot (its backoff is at most 0.5 s).
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      rateLimit: { perSecond: 1, perMinute: 60 },
    });
    const attempts: AttemptTiming[] = [];
    const fetch = client.fetchWith({
      replaySafe: true,
      onAttempt: (attempt) => attempts.push(attempt),
      onRetry: () => {},
    });
    const { response } = await client.POST("/api/v2/leads/add", { body: LEADS_BODY, fetch });
    expect(response.status).toBe(200);
    expect(attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
    expect(attempts[1]!.ms).toBeGreaterThanOrEqual(110);
    expect(attempts[1]!.ms).toBeLessThan(450);
  });

  it("says a connection failed, with how long it took", async () => {
    server = await startLoopbackServer((request) => request.socket.destroy());
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      rateLimit: false,
    });
    const attempts: AttemptTiming[] = [];
    const fetch = client.fetchWith({ onAttempt: (attempt) => attempts.push(attempt) });
    await expect(client.POST("/api/v2/leads/add", { body: LEADS_BODY, fetch })).rejects.toThrow();
    expect(attempts).toEqual([{ failure: "connection", ms: expect.any(Number) }]);
  });
});

describe("InstantlyClient.requestRate", () => {
  it.each([
    ["the documented limits", {}, 100],
    ["the slower window", { rateLimit: { perSecond: 100, perMinute: 600 } }, 10],
    ["no rate limit", { rateLimit: false as const }, undefined],
  ])("%s", (_, options, rate) => {
    const client = createInstantlyClient({ apiKey: TEST_API_KEY, ...options });
    expect(client.requestRate).toBe(rate);
  });
});

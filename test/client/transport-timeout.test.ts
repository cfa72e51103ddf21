import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import {
  InstantlyAbortError,
  InstantlyConnectionError,
  InstantlyTimeoutError,
} from "../../src/client/errors.js";
import type { RetryEvent } from "../../src/client/client-types.js";
import {
  LEADS_BODY,
  TEST_API_KEY,
  OK_BODY,
  sendJson,
  startLoopbackServer,
  type Handler,
  type LoopbackServer,
} from "../support/loopback.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers 200 after `ms`, unless the client hangs up first. */
function answerAfter(ms: number): Handler {
  return (_request, response) => {
    const timer = setTimeout(() => sendJson(response, 200, OK_BODY), ms);
    response.on("close", () => clearTimeout(timer));
  };
}

/** Never answers (the server's close() ends it). */
const hang: Handler = () => undefined;

describe("timeoutMs", () => {
  it("aborts a slow attempt with InstantlyTimeoutError and does not retry it by default", async () => {
    server = await startLoopbackServer(answerAfter(5_000));
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      timeoutMs: 200,
    });
    const started = performance.now();
    const request = client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    await expect(request).rejects.toThrow(InstantlyTimeoutError);
    // A timeout is a kind of connection error: a catch of those catches it too.
    await expect(request).rejects.toThrow(InstantlyConnectionError);
    await expect(request).rejects.toThrow(
      "Instantly API request POST /api/v2/leads/add timed out after 200 ms",
    );
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
    await sleep(50);
    expect(server.requests[0]!.abortedByClient).toBe(true);
  });

  it("retries timed-out attempts with replaySafe, each with its own timeout", async () => {
    server = await startLoopbackServer((request, response, number, recorded) =>
      number <= 2
        ? answerAfter(5_000)(request, response, number, recorded)
        : answerAfter(100)(request, response, number, recorded),
    );
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      timeoutMs: 300,
    });
    const events: RetryEvent[] = [];
    const { data } = await client.POST("/api/v2/leads/add", {
      body: LEADS_BODY,
      fetch: client.fetchWith({ replaySafe: true, onRetry: (event) => events.push(event) }),
    });
    expect(data).toEqual(OK_BODY);
    expect(server.requests).toHaveLength(3);
    expect(events.map((event) => event.reason)).toEqual(["timeout", "timeout"]);
    expect(events.every((event) => event.replay)).toBe(true);
  });

  it("counts from each attempt, not from the client's creation", async () => {
    server = await startLoopbackServer(answerAfter(100));
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      timeoutMs: 400,
    });
    await sleep(600);
    const { data } = await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    expect(data).toEqual(OK_BODY);
  });

  it("covers the response body, not only the headers", async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"status":');
    });
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      timeoutMs: 200,
    });
    await expect(client.POST("/api/v2/leads/add", { body: LEADS_BODY })).rejects.toThrow(
      InstantlyTimeoutError,
    );
  });
});

describe("abort", () => {
  it("stops a request in flight at once", async () => {
    server = await startLoopbackServer(hang);
    const client = createInstantlyClient({ apiKey: TEST_API_KEY, baseUrl: server.url });
    const controller = new AbortController();
    const request = client.POST("/api/v2/leads/add", {
      body: LEADS_BODY,
      signal: controller.signal,
    });
    await sleep(100);
    const aborted = performance.now();
    controller.abort();
    await expect(request).rejects.toThrow(InstantlyAbortError);
    expect(performance.now() - aborted).toBeLessThan(2_000);
  });

  it("honours a long Retry-After, warns about it, and stops the wait at once", async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(
        response,
        429,
        { statusCode: 429, error: "Too Many Requests", message: "slow down" },
        { "retry-after": "90" },
      ),
    );
    const warnings: string[] = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      logger: { warn: (message) => warnings.push(message) },
    });
    const controller = new AbortController();
    const events: RetryEvent[] = [];
    const request = client.POST("/api/v2/leads/add", {
      body: LEADS_BODY,
      signal: controller.signal,
      fetch: client.fetchWith({
        onRetry: (event) => {
          events.push(event);
          setTimeout(() => controller.abort(), 50);
        },
      }),
    });
    const started = performance.now();
    await expect(request).rejects.toThrow(InstantlyAbortError);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(events.map((event) => event.delayMs)).toEqual([90_000]);
    expect(warnings).toEqual(["Instantly API asked for a long wait before retrying"]);
    expect(server.requests).toHaveLength(1);
  });

  it("stops a wait for the rate limiter at once", async () => {
    server = await startLoopbackServer(answerAfter(0));
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      rateLimit: { perSecond: 1, perMinute: 1 },
    });
    await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    const controller = new AbortController();
    const request = client.POST("/api/v2/leads/add", {
      body: LEADS_BODY,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(request).rejects.toThrow(InstantlyAbortError);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  });

  it("rejects before sending when the signal is already aborted", async () => {
    server = await startLoopbackServer(answerAfter(0));
    const client = createInstantlyClient({ apiKey: TEST_API_KEY, baseUrl: server.url });
    await expect(
      client.POST("/api/v2/leads/add", { body: LEADS_BODY, signal: AbortSignal.abort() }),
    ).rejects.toThrow(InstantlyAbortError);
    expect(server.requests).toHaveLength(0);
  });
});

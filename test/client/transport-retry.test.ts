import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import {
  apiErrorFromResponse,
  InstantlyConnectionError,
  InstantlyServerError,
  InstantlyTimeoutError,
} from "../../src/client/errors.js";
import { INITIAL_BACKOFF_MS } from "../../src/client/retry.js";
import type { RetryEvent } from "../../src/client/client-types.js";
import {
  LEADS_BODY,
  TEST_API_KEY,
  OK_BODY,
  RATE_LIMITED,
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

/** Serves `first` for the first `failures` requests, then 200. */
function failThenSucceed(failures: number, first: Handler): Handler {
  return (request, response, number, recorded) =>
    number <= failures
      ? first(request, response, number, recorded)
      : sendJson(response, 200, OK_BODY);
}

async function postLeads(
  handler: Handler,
  options: { maxRetries?: number; replaySafe?: boolean } = {},
): Promise<{ status: number; events: RetryEvent[]; requests: number }> {
  server = await startLoopbackServer(handler);
  const client = createInstantlyClient({
    apiKey: TEST_API_KEY,
    baseUrl: server.url,
    maxRetries: options.maxRetries,
  });
  const events: RetryEvent[] = [];
  const policy = {
    replaySafe: options.replaySafe ?? false,
    onRetry: (event: RetryEvent) => events.push(event),
  };
  const { response } = await client.POST("/api/v2/leads/add", {
    body: LEADS_BODY,
    fetch: client.fetchWith(policy),
  });
  return { status: response.status, events, requests: server.requests.length };
}

describe("429 is always retried", () => {
  it.each<{ name: string; headers: () => Record<string, string>; min: number; max: number }>([
    {
      name: "Retry-After seconds",
      headers: () => ({ "retry-after": "1" }),
      min: 1_000,
      max: 1_000,
    },
    {
      name: "retry-after-ms",
      headers: () => ({ "retry-after-ms": "150", "retry-after": "30" }),
      min: 150,
      max: 150,
    },
    {
      name: "Retry-After HTTP date",
      headers: () => ({ "retry-after": new Date(Date.now() + 2_000).toUTCString() }),
      min: 900,
      max: 2_000,
    },
    {
      name: "no header (backoff with jitter)",
      headers: () => ({}),
      min: 0,
      max: INITIAL_BACKOFF_MS,
    },
  ])("honours $name", async ({ headers, min, max }) => {
    const result = await postLeads(
      failThenSucceed(1, (_request, response) => sendJson(response, 429, RATE_LIMITED, headers())),
    );
    expect(result.status).toBe(200);
    expect(result.requests).toBe(2);
    expect(result.events).toHaveLength(1);
    const [event] = result.events;
    expect(event).toMatchObject({ attempt: 1, reason: "rate-limited", status: 429, replay: false });
    expect(event!.delayMs).toBeGreaterThanOrEqual(min);
    expect(event!.delayMs).toBeLessThanOrEqual(max);
    const [first, second] = server!.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(event!.delayMs - 5);
  });

  it("is retried by the client's default fetch too, and sends the same body again", async () => {
    server = await startLoopbackServer(
      failThenSucceed(2, (_request, response) =>
        sendJson(response, 429, RATE_LIMITED, { "retry-after-ms": "10" }),
      ),
    );
    const client = createInstantlyClient({ apiKey: TEST_API_KEY, baseUrl: server.url });
    const { data } = await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    expect(data).toEqual(OK_BODY);
    expect(server.requests.map((request) => JSON.parse(request.body))).toEqual([
      LEADS_BODY,
      LEADS_BODY,
      LEADS_BODY,
    ]);
  });
});

describe("a wait longer than any timer can run", () => {
  it.each([
    ["Retry-After seconds", { "retry-after": "99999999999" }],
    ["retry-after-ms", { "retry-after-ms": "99999999999999" }],
    ["Retry-After HTTP date", { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" }],
  ])(
    "is not retried early and does not hold the client: %s",
    async (_name, headers: Record<string, string>) => {
      const overflows: Error[] = [];
      const onWarning = (warning: Error) => {
        if (warning.name === "TimeoutOverflowWarning") overflows.push(warning);
      };
      process.on("warning", onWarning);
      try {
        server = await startLoopbackServer(
          failThenSucceed(1, (_request, response) =>
            sendJson(response, 429, RATE_LIMITED, headers),
          ),
        );
        const client = createInstantlyClient({ apiKey: TEST_API_KEY, baseUrl: server.url });
        const events: RetryEvent[] = [];
        const fetch = client.fetchWith({ onRetry: (event) => events.push(event) });
        const signal = AbortSignal.timeout(5_000);
        const first = await client.POST("/api/v2/leads/add", { body: LEADS_BODY, fetch, signal });
        expect(first.response.status).toBe(429);
        expect(events).toEqual([]);
        expect(server.requests).toHaveLength(1);
        const next = await client.POST("/api/v2/leads/add", { body: LEADS_BODY, signal });
        expect(next.response.status).toBe(200);
        expect(overflows).toEqual([]);
      } finally {
        process.off("warning", onWarning);
      }
    },
  );
});

const failures: Array<{ name: string; handler: Handler; reason: RetryEvent["reason"] }> = [
  { name: "500", handler: (_q, response) => sendJson(response, 500, {}), reason: "server-error" },
  { name: "503", handler: (_q, response) => sendJson(response, 503, {}), reason: "server-error" },
  { name: "reset", handler: (request) => request.socket.destroy(), reason: "connection" },
];

describe("5xx and dropped connections", () => {
  it.each(failures)("$name is not retried by default", async ({ handler, name }) => {
    server = await startLoopbackServer(failThenSucceed(1, handler));
    const client = createInstantlyClient({ apiKey: TEST_API_KEY, baseUrl: server.url });
    const request = client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    if (name === "reset") {
      await expect(request).rejects.toThrow(InstantlyConnectionError);
      await expect(request).rejects.not.toThrow(InstantlyTimeoutError);
      await expect(request).rejects.toThrow(/not marked safe to replay/);
    } else {
      const { error, response } = await request;
      expect(apiErrorFromResponse(response, error)).toBeInstanceOf(InstantlyServerError);
    }
    expect(server.requests).toHaveLength(1);
  });

  it.each(failures)("$name is retried with replaySafe", async ({ handler, reason }) => {
    const result = await postLeads(failThenSucceed(2, handler), { replaySafe: true });
    expect(result.status).toBe(200);
    expect(result.requests).toBe(3);
    expect(result.events.map((event) => [event.attempt, event.reason, event.replay])).toEqual([
      [1, reason, true],
      [2, reason, true],
    ]);
  });
});

describe("maxRetries", () => {
  it.each([0, 1, 3])("%i retries mean exactly that many more requests", async (maxRetries) => {
    const always429: Handler = (_q, response) =>
      sendJson(response, 429, RATE_LIMITED, { "retry-after-ms": "0" });
    const rateLimited = await postLeads(always429, { maxRetries });
    expect(rateLimited).toMatchObject({ status: 429, requests: maxRetries + 1 });
    await server!.close();
    const always503: Handler = (_q, response) =>
      sendJson(response, 503, {}, { "retry-after-ms": "0" });
    const failing = await postLeads(always503, { maxRetries, replaySafe: true });
    expect(failing).toMatchObject({ status: 503, requests: maxRetries + 1 });
    expect(failing.events).toHaveLength(maxRetries);
  });

  it("defaults to 2", async () => {
    const always429: Handler = (_q, response) =>
      sendJson(response, 429, RATE_LIMITED, { "retry-after-ms": "0" });
    expect(await postLeads(always429)).toMatchObject({ status: 429, requests: 3 });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import type { ExchangeRecord, InstantlyClientOptions } from "../../src/client/client-types.js";
import {
  LEADS_BODY,
  OK_BODY,
  TEST_API_KEY,
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

const LIMIT_HEADERS = {
  "retry-after-ms": "5",
  "x-ratelimit-remaining": "0",
  "x-request-id": "req-1",
  "set-cookie": "session=abc",
};

/** A 429 that echoes the key in a header and the body, then a 200. */
const limitedThenOk: Handler = (_request, response, number) =>
  number === 1
    ? sendJson(
        response,
        429,
        { statusCode: 429, error: "Too Many Requests", message: `key ${TEST_API_KEY}` },
        { ...LIMIT_HEADERS, "x-ratelimit-key": TEST_API_KEY },
      )
    : sendJson(response, 200, OK_BODY, { "x-ratelimit-remaining": "99" });

async function exchange(
  handler: Handler,
  options: Partial<InstantlyClientOptions> = {},
  replaySafe = false,
): Promise<ExchangeRecord[]> {
  server = await startLoopbackServer(handler);
  const records: ExchangeRecord[] = [];
  const client = createInstantlyClient({
    apiKey: TEST_API_KEY,
    baseUrl: server.url,
    onExchange: (record) => records.push(record),
    ...options,
  });
  await client
    .POST("/api/v2/leads/add", { body: LEADS_BODY, fetch: client.fetchWith({ replaySafe }) })
    .catch(() => undefined);
  return records;
}

describe("onExchange", () => {
  it("gets one record per attempt, with the headers that matter and the key redacted", async () => {
    const records = await exchange(limitedThenOk);
    expect(records).toEqual([
      {
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        method: "POST",
        path: "/api/v2/leads/add",
        attempt: 1,
        status: 429,
        ms: expect.any(Number),
        headers: {
          "content-type": "application/json",
          "retry-after-ms": "5",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-key": "[redacted]",
          "x-request-id": "req-1",
        },
      },
      {
        at: expect.any(String),
        method: "POST",
        path: "/api/v2/leads/add",
        attempt: 2,
        status: 200,
        ms: expect.any(Number),
        headers: { "content-type": "application/json", "x-ratelimit-remaining": "99" },
      },
    ]);
  });

  it("adds each body as received with exchangeBodies, the key redacted", async () => {
    const records = await exchange(limitedThenOk, { exchangeBodies: true });
    expect(records.map((record) => record.body)).toEqual([
      JSON.stringify({
        statusCode: 429,
        error: "Too Many Requests",
        message: "key [redacted]",
      }),
      JSON.stringify(OK_BODY),
    ]);
    expect(JSON.stringify(records)).not.toContain(TEST_API_KEY);
  });

  it("records an attempt that got no response", async () => {
    const records = await exchange(
      (request, response, number) =>
        number === 1 ? request.socket.destroy() : sendJson(response, 200, OK_BODY),
      { exchangeBodies: true },
      true,
    );
    expect(records.map(({ attempt, status, failure }) => ({ attempt, status, failure }))).toEqual([
      { attempt: 1, status: undefined, failure: "connection" },
      { attempt: 2, status: 200, failure: undefined },
    ]);
    expect(records[0]).toMatchObject({ error: expect.stringMatching(/fetch failed/), headers: {} });
    expect(records[0]).not.toHaveProperty("body");
  });

  it("does not fail the request when the callback throws", async () => {
    server = await startLoopbackServer((_request, response) => sendJson(response, 200, OK_BODY));
    const warnings: string[] = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      onExchange: () => {
        throw new Error("disk full");
      },
      logger: { warn: (message) => warnings.push(message) },
    });
    const { data } = await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    expect(data).toEqual(OK_BODY);
    expect(server.requests).toHaveLength(1);
    expect(warnings).toEqual(["onExchange threw; the exchange is not recorded"]);
  });
});

describe("each attempt's request", () => {
  it("carries the same body and headers on every retry, read once from the caller's request", async () => {
    server = await startLoopbackServer((_request, response, number) =>
      number < 3
        ? sendJson(response, 503, {}, { "retry-after-ms": "1" })
        : sendJson(response, 200, OK_BODY),
    );
    const client = createInstantlyClient({ apiKey: TEST_API_KEY, baseUrl: server.url });
    const body = JSON.stringify(LEADS_BODY);
    const request = new Request(`${server.url}/api/v2/leads/add`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-custom": "kept" },
    });
    const response = await client.fetchWith({ replaySafe: true })(request);
    expect(response.status).toBe(200);
    expect(request.bodyUsed).toBe(true);
    expect(server.requests).toHaveLength(3);
    for (const attempt of server.requests) {
      expect(attempt.body).toBe(body);
      expect(attempt.headers).toMatchObject({
        "content-length": String(Buffer.byteLength(body)),
        "content-type": "application/json",
        "x-custom": "kept",
        authorization: `Bearer ${TEST_API_KEY}`,
      });
    }
  });
});

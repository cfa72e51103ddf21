import { afterEach, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { DEFAULT_BASE_URL } from "../../generated/client.gen.js";
import { createInstantlyClient } from "../../src/client/create.js";
import { InstantlyError } from "../../src/client/errors.js";
import type { InstantlyClientOptions } from "../../src/client/client-types.js";
import {
  LEADS_BODY,
  OK_BODY,
  sendJson,
  startLoopbackServer,
  TEST_API_KEY,
  type LoopbackServer,
} from "../support/loopback.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function okServer(): Promise<LoopbackServer> {
  server = await startLoopbackServer((_request, response) => sendJson(response, 200, OK_BODY));
  return server;
}

describe("createInstantlyClient on the wire", () => {
  it("sends the key as a Bearer token, the package's user agent and the JSON body", async () => {
    const { url, requests } = await okServer();
    const client = createInstantlyClient({ apiKey: `  ${TEST_API_KEY}\n`, baseUrl: url });
    const { data } = await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    expect(data).toEqual(OK_BODY);
    const [request] = requests;
    expect(request).toMatchObject({ method: "POST", path: "/api/v2/leads/add" });
    expect(request!.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(request!.headers["user-agent"]).toBe(
      `instantly-client/${packageJson.version} node/${process.version}`,
    );
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body)).toEqual(LEADS_BODY);
  });

  it("uses a custom user agent and an injected fetch", async () => {
    const { url, requests } = await okServer();
    const seen: string[] = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: url,
      userAgent: "crm-sync/2.0",
      fetch: (request) => {
        seen.push(`${request.method} ${request.url}`);
        return fetch(request);
      },
    });
    await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    expect(requests[0]!.headers["user-agent"]).toBe("crm-sync/2.0");
    expect(seen).toEqual([`POST ${url}/api/v2/leads/add`]);
  });

  it("defaults to the spec's server", async () => {
    const seen: string[] = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      fetch: async (request) => {
        seen.push(request.url);
        return Response.json(OK_BODY);
      },
    });
    await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    expect(seen).toEqual([`${DEFAULT_BASE_URL}/api/v2/leads/add`]);
  });

  it("logs each attempt and retry to the logger", async () => {
    server = await startLoopbackServer((_request, response, number) =>
      number === 1
        ? sendJson(response, 429, {}, { "retry-after-ms": "0" })
        : sendJson(response, 200, OK_BODY),
    );
    const calls: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      logger: {
        debug: (message, data) => calls.push(["debug", message, data]),
        warn: (message, data) => calls.push(["warn", message, data]),
      },
    });
    await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    expect(calls.map(([level, , data]) => [level, data?.reason ?? data?.status])).toEqual([
      ["debug", 429],
      ["warn", "rate-limited"],
      ["debug", 200],
    ]);
    expect(calls[1]![2]).toMatchObject({
      request: "POST /api/v2/leads/add",
      attempt: 1,
      delayMs: 0,
    });
  });
});

describe("createInstantlyClient options", () => {
  it.each<{ options: Partial<InstantlyClientOptions>; message: RegExp }>([
    { options: { apiKey: "" }, message: /apiKey must be a non-empty string/ },
    { options: { apiKey: "   " }, message: /apiKey must be a non-empty string/ },
    { options: { apiKey: undefined }, message: /apiKey must be a non-empty string/ },
    { options: { apiKey: "two words" }, message: /apiKey must contain only visible ASCII/ },
    { options: { apiKey: "clé" }, message: /apiKey must contain only visible ASCII/ },
    { options: { timeoutMs: 0 }, message: /timeoutMs must be a positive number \(got 0\)/ },
    { options: { timeoutMs: Number.NaN }, message: /timeoutMs must be a positive number/ },
    {
      options: { maxRetries: -1 },
      message: /maxRetries must be a non-negative integer \(got -1\)/,
    },
    { options: { maxRetries: 1.5 }, message: /maxRetries must be a non-negative integer/ },
    {
      options: { rateLimit: { perSecond: 0 } },
      message: /rateLimit.perSecond must be a positive integer/,
    },
    {
      options: { rateLimit: { perMinute: 2.5 } },
      message: /rateLimit.perMinute must be a positive integer/,
    },
  ])("rejects $options", ({ options, message }) => {
    const create = () => createInstantlyClient({ apiKey: TEST_API_KEY, ...options });
    expect(create).toThrow(InstantlyError);
    expect(create).toThrow(message);
  });
});

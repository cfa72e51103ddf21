import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { apiErrorFromResponse } from "../../src/client/errors.js";
import type { InstantlyClient, Logger } from "../../src/client/client-types.js";
import {
  LEADS_BODY,
  sendJson,
  startLoopbackServer,
  type Handler,
  type LoopbackServer,
} from "../support/loopback.js";

const CANARY = "canary-key-Q7x2Zk9Lw3";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way an error could show the key to a user or a log collector. */
function renderings(value: unknown): string[] {
  const error = value as Error;
  return [
    String(error.message),
    String(error.stack),
    JSON.stringify(value),
    inspect(value, { depth: Infinity, showHidden: true }),
  ];
}

/** A server that echoes the Authorization header back, as a careless upstream might. */
function echoing(status: number): Handler {
  return (request, response) =>
    sendJson(
      response,
      status,
      { statusCode: status, error: "Echo", message: `received ${request.headers.authorization}` },
      { "x-echo": String(request.headers.authorization), "retry-after-ms": "0" },
    );
}

async function failure(
  handler: Handler,
  call: (client: InstantlyClient) => Promise<unknown>,
  logger: Logger,
): Promise<unknown> {
  server = await startLoopbackServer(handler);
  const client = createInstantlyClient({
    apiKey: CANARY,
    baseUrl: server.url,
    timeoutMs: 200,
    maxRetries: 1,
    logger,
  });
  expect(inspect(client, { depth: Infinity, showHidden: true })).not.toContain(CANARY);
  return call(client).then(
    (value) => value,
    (error: unknown) => error,
  );
}

const post = (client: InstantlyClient, replaySafe = false, signal?: AbortSignal) =>
  client.POST("/api/v2/leads/add", {
    body: LEADS_BODY,
    signal,
    fetch: client.fetchWith({ replaySafe }),
  });

const apiError = async (client: InstantlyClient) => {
  const { error, response } = await post(client);
  return [error, apiErrorFromResponse(response, error)];
};

describe("the API key never leaks", () => {
  it.each([
    { name: "401 with the key echoed", handler: echoing(401), call: apiError },
    { name: "429 after retries, key echoed", handler: echoing(429), call: apiError },
    { name: "500 with the key echoed", handler: echoing(500), call: apiError },
    {
      name: "401 with the key echoed in the reason phrase",
      handler: (request, response) => {
        response.writeHead(401, `Bad token ${request.headers.authorization}`);
        response.end();
      },
      call: apiError,
    },
    {
      name: "timeout",
      handler: () => undefined,
      call: (c: InstantlyClient) => post(c, true),
    },
    {
      name: "connection reset",
      handler: (request) => request.socket.destroy(),
      call: (c: InstantlyClient) => post(c, true),
    },
    {
      name: "abort",
      handler: () => undefined,
      call: (c: InstantlyClient) => post(c, false, AbortSignal.timeout(100)),
    },
  ])("$name", async ({ handler, call }) => {
    const logged: unknown[] = [];
    const logger: Logger = {
      debug: (message, data) => logged.push(message, data),
      warn: (message, data) => logged.push(message, data),
    };
    const outcome = await failure(handler, call, logger);
    const errors = Array.isArray(outcome) ? outcome : [outcome];
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      for (const text of renderings(error)) expect(text).not.toContain(CANARY);
    }
    expect(logged.length).toBeGreaterThan(0);
    expect(inspect(logged, { depth: Infinity })).not.toContain(CANARY);
    expect(server!.requests[0]!.headers.authorization).toBe(`Bearer ${CANARY}`);
  });

  it.each([
    { name: "a key with a line break", apiKey: `${CANARY}\nX-Other: 1` },
    { name: "a key with a space", apiKey: `${CANARY} extra` },
    {
      name: "a key swapped with the base URL",
      apiKey: "https://api.instantly.ai",
      baseUrl: CANARY,
    },
  ])("is not echoed by option errors: $name", ({ apiKey, baseUrl }) => {
    let thrown: unknown;
    try {
      createInstantlyClient({ apiKey, baseUrl });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    for (const text of renderings(thrown)) expect(text).not.toContain(CANARY);
  });
});

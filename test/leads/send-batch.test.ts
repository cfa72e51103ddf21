import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { isReplaySafe, sendBatch } from "../../src/leads/send-batch.js";
import {
  createdAll,
  errorBody,
  sendJson,
  startLoopback,
  type Answer,
  type Loopback,
} from "../support/loopback.js";
import { CAMPAIGN_ID, LIST_ID } from "./support/spec-ids.js";

describe("isReplaySafe", () => {
  it.each([
    ["a campaign batch", "campaign", [{ email: "a@x.example" }], true],
    [
      "a list batch in which every lead has an email",
      "list",
      [{ email: "a@x.example" }, { email: "b@x.example", first_name: "B" }],
      true,
    ],
    [
      "a list batch with one lead without email",
      "list",
      [{ email: "a@x.example" }, { first_name: "B" }],
      false,
    ],
    ["a list batch with a blank email", "list", [{ email: " ", last_name: "L" }], false],
    ["a list batch with a null email", "list", [{ email: null, last_name: "L" }], false],
  ] as const)("%s: %s", (_name, kind, leads, safe) => {
    expect(isReplaySafe(kind, leads)).toBe(safe);
  });
});

describe("sendBatch", () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function send(answer: Answer, replaySafe: boolean, list = false) {
    server = await startLoopback(answer);
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const target = list ? { list_id: LIST_ID } : { campaign_id: CAMPAIGN_ID };
    const body = { ...target, leads: [{ email: "a@x.example" }, { email: "b@x.example" }] };
    const kind = list ? "list" : "campaign";
    const policy = { kind, replaySafe, signal: undefined, rateLimitPatienceMs: 0 } as const;
    return sendBatch(client, body, [7, 9], policy);
  }

  const failOnce =
    (status: number): Answer =>
    (received, response) => {
      if (received.number > 1) return sendJson(response, 200, createdAll(received));
      response.setHeader("retry-after-ms", "1");
      sendJson(response, status, errorBody(status, "Error"));
    };

  it("accepts a 200 with the batch's indices", async () => {
    const sent = await send((r, response) => sendJson(response, 200, createdAll(r)), true);
    expect(sent).toMatchObject({
      outcome: { accepted: true, indices: [7, 9] },
      retried: false,
      replayed: false,
      stop: undefined,
    });
  });

  it("replays a 5xx when replay-safe, and says so", async () => {
    const sent = await send(failOnce(503), true);
    expect(sent).toMatchObject({ outcome: { accepted: true }, retried: true, replayed: true });
    expect(server?.received).toHaveLength(2);
  });

  it("does not replay a 5xx otherwise: the batch fails with its indices, maybe applied", async () => {
    const sent = await send(failOnce(503), false, true);
    expect(sent.outcome).toEqual({
      accepted: false,
      failure: {
        indices: [7, 9],
        status: 503,
        message: expect.stringMatching(/503.*; the server may have applied these leads$/),
        replayed: false,
        maybe_applied: true,
      },
    });
    expect(server?.received).toHaveLength(1);
  });

  it("retries a 429 without calling it a replay", async () => {
    const sent = await send(failOnce(429), false);
    expect(sent).toMatchObject({ outcome: { accepted: true }, retried: true, replayed: false });
  });

  it.each([
    [401, "Unauthorized", true],
    [402, "Payment Required", true],
    [403, "Forbidden", true],
    [404, "Not Found", true],
    [400, "Bad Request", false],
  ])("a %i fails the batch; it ends the import: %s", async (status, error, ends) => {
    const sent = await send(
      (_, response) => sendJson(response, status, errorBody(status, error)),
      true,
    );
    expect(sent.outcome).toMatchObject({ accepted: false, failure: { indices: [7, 9], status } });
    expect(sent.stop?.status).toBe(ends ? status : undefined);
  });

  it("ends the import on a 403 HTML page (the API's edge refusing the client)", async () => {
    const sent = await send((_, response) => {
      response.writeHead(403, { "content-type": "text/html" });
      response.end("<html><body><h1>403 Forbidden</h1></body></html>");
    }, true);
    expect(sent.outcome).toMatchObject({
      accepted: false,
      failure: { indices: [7, 9], status: 403 },
    });
    expect(sent.stop?.status).toBe(403);
    expect(server?.received).toHaveLength(1);
  });

  it("accepts a 200 that is not JSON, with its anomaly, and never sends it again", async () => {
    const sent = await send((_, response) => response.end("<html>"), true);
    expect(sent).toMatchObject({
      outcome: { accepted: true, indices: [7, 9], anomalies: [{ kind: "not_json" }] },
      retried: false,
      replayed: false,
      stop: undefined,
    });
    expect(server?.received).toHaveLength(1);
  });

  it("accepts a campaign's 200 saying the plan is full, and ends the import on it", async () => {
    const sent = await send(
      (received, response) =>
        sendJson(response, 200, {
          ...createdAll(received),
          leads_uploaded: 0,
          remaining_in_plan: 0,
          created_leads: [],
        }),
      true,
    );
    expect(sent.outcome).toMatchObject({ accepted: true, indices: [7, 9] });
    expect(sent.stop).toEqual({ message: expect.stringContaining("the plan is full") });
  });

  it("gives the client its 429 patience with the retry policy", async () => {
    server = await startLoopback((r, response) => sendJson(response, 200, createdAll(r)));
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const policies: unknown[] = [];
    const fetchWith = client.fetchWith.bind(client);
    client.fetchWith = (policy) => {
      policies.push(policy);
      return fetchWith(policy);
    };
    const body = { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.example" }] };
    const policy = {
      kind: "campaign",
      replaySafe: true,
      signal: undefined,
      rateLimitPatienceMs: 1234,
    } as const;
    await sendBatch(client, body, [0], policy);
    expect(policies).toEqual([
      {
        replaySafe: true,
        rateLimitPatienceMs: 1234,
        onAttempt: expect.any(Function),
        onRetry: expect.any(Function),
      },
    ]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import {
  InstantlyApiError,
  InstantlyAuthenticationError,
  InstantlyNotFoundError,
  InstantlyPaymentRequiredError,
  InstantlyRateLimitError,
  InstantlyServerError,
} from "../../src/client/errors.js";
import { addLeads } from "../../src/leads/add-leads.js";
import type { AddLeadsBody } from "../../src/leads/add-leads-body.js";
import { InstantlyValidationError } from "../../src/leads/errors.js";
import {
  createdAll,
  errorBody,
  sendJson,
  startLoopback,
  type Answer,
  type Loopback,
} from "../support/loopback.js";
import { CAMPAIGN_ID, LIST_ID, MAX_ITEMS } from "./support/spec-ids.js";

const API_KEY = "secret-key-for-add-leads-3f9a";
let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(answer: Answer) {
  server = await startLoopback(answer);
  return createInstantlyClient({ apiKey: API_KEY, baseUrl: server.url, rateLimit: false });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("should have thrown"),
    (error: unknown) => error,
  );
}

const ok: Answer = (received, response) => sendJson(response, 200, createdAll(received));

describe("addLeads", () => {
  it("sends one request and returns the typed 200 body", async () => {
    const client = await clientFor(ok);
    const body: AddLeadsBody = {
      campaign_id: CAMPAIGN_ID,
      leads: [{ email: "ada@x.example", custom_variables: { plan: "pro" } }],
      skip_if_in_workspace: true,
    };
    const response = await addLeads(client, body);
    expect(response.total_sent).toBe(1);
    expect(response.created_leads).toEqual([expect.objectContaining({ index: 0 })]);
    expect(response.anomalies).toEqual([]);
    expect(server?.received.map((r) => r.body)).toEqual([body]);
    expect(server?.received[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it.each<[string, unknown, Array<{ index: number; field: string }>]>([
    [
      "both targets",
      { campaign_id: CAMPAIGN_ID, list_id: LIST_ID, leads: [{ email: "a@x.example" }] },
      [{ index: -1, field: "list_id" }],
    ],
    ["no target", { leads: [{ email: "a@x.example" }] }, [{ index: -1, field: "campaign_id" }]],
    ["no leads", { campaign_id: CAMPAIGN_ID, leads: [] }, [{ index: -1, field: "leads" }]],
    [
      "too many leads",
      {
        campaign_id: CAMPAIGN_ID,
        leads: Array.from({ length: MAX_ITEMS + 1 }, (_, i) => ({ email: `${i}@x.example` })),
      },
      [{ index: -1, field: "leads" }],
    ],
    [
      "a campaign lead without email and another with a typo",
      {
        campaign_id: CAMPAIGN_ID,
        leads: [
          { email: "a@x.example" },
          { first_name: "A" },
          { email: "b@x.example", emial: "c" },
        ],
      },
      [
        { index: 1, field: "email" },
        { index: 2, field: "emial" },
      ],
    ],
    [
      "a list lead with nothing to identify it",
      { list_id: LIST_ID, leads: [{ phone: "+1" }] },
      [{ index: 0, field: "" }],
    ],
  ])(
    "throws InstantlyValidationError listing every issue and sends nothing: %s",
    async (_name, body, where) => {
      const client = await clientFor(ok);
      const error = await rejection(addLeads(client, body as AddLeadsBody));
      expect(error).toBeInstanceOf(InstantlyValidationError);
      const { issues } = error as InstantlyValidationError;
      expect(issues.map(({ index, field }) => ({ index, field }))).toEqual(where);
      expect(server?.received).toHaveLength(0);
    },
  );

  it.each([
    [401, "Unauthorized", InstantlyAuthenticationError],
    [402, "Payment Required", InstantlyPaymentRequiredError],
    [404, "Not Found", InstantlyNotFoundError],
    [400, "Bad Request", InstantlyApiError],
  ])("throws the typed error for %i", async (status, error, type) => {
    const client = await clientFor((_, response) =>
      sendJson(response, status, errorBody(status, error)),
    );
    const thrown = await rejection(
      addLeads(client, { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.example" }] }),
    );
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as InstantlyApiError).status).toBe(status);
    expect(String(thrown)).not.toContain(API_KEY);
  });

  it("retries 429 but never replays a 5xx: one call is the caller's decision", async () => {
    const client = await clientFor((received, response) => {
      if (received.number === 1) {
        response.setHeader("retry-after-ms", "10");
        sendJson(response, 429, errorBody(429, "Too Many Requests"));
      } else {
        sendJson(response, 503, errorBody(503, "Service Unavailable"));
      }
    });
    const thrown = await rejection(
      addLeads(client, { list_id: LIST_ID, leads: [{ email: "a@x.example" }] }),
    );
    expect(thrown).toBeInstanceOf(InstantlyServerError);
    expect(server?.received).toHaveLength(2);
  });

  it("returns a 200 that is not JSON with its anomaly instead of throwing: the leads were applied", async () => {
    const client = await clientFor((_, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>ok</html>");
    });
    const result = await addLeads(client, { list_id: LIST_ID, leads: [{ first_name: "Ada" }] });
    expect(result.anomalies).toEqual([
      { kind: "not_json", detail: expect.stringContaining("<html>ok") },
    ]);
    expect(result.created_leads).toEqual([]);
    expect(server?.received).toHaveLength(1);
  });

  it("returns the spec's example answer (total_sent 10 for 1 lead) with its anomalies", async () => {
    const client = await clientFor((received, response) =>
      sendJson(response, 200, {
        ...createdAll(received),
        status: "queued",
        total_sent: 10,
        created_leads: [{ id: "019ffad2-9c4e-7be6-8364-ed4b2bc8b6a5", email: "A@x.example" }],
      }),
    );
    const result = await addLeads(client, {
      campaign_id: CAMPAIGN_ID,
      leads: [{ email: "a@x.example" }],
    });
    expect(result.total_sent).toBe(10);
    expect(result.created_leads).toEqual([
      expect.objectContaining({ id: "019ffad2-9c4e-7be6-8364-ed4b2bc8b6a5", index: 0 }),
    ]);
    expect(result.anomalies.map((a) => a.kind)).toEqual([
      "status",
      "total_sent_mismatch",
      "counters_mismatch",
      "created_index_missing",
    ]);
  });

  it("keeps the rate-limit error when 429 outlasts the retries", async () => {
    const client = await clientFor((_, response) => {
      response.setHeader("retry-after-ms", "1");
      sendJson(response, 429, errorBody(429, "Too Many Requests"));
    });
    const thrown = await rejection(
      addLeads(client, { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.example" }] }),
    );
    expect(thrown).toBeInstanceOf(InstantlyRateLimitError);
    expect(server?.received).toHaveLength(3);
  });
});

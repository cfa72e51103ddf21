import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { startFakeInstantly } from "../../src/testing/fake-server.js";
import type { FakeInstantly, FakeInstantlyOptions } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID, LIST_ID, OTHER_ID, postLeads } from "./support.js";

let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeInstantlyOptions = {}): Promise<FakeInstantly> {
  fake = await startFakeInstantly({ rateLimit: false, ...options });
  return fake;
}

const lead = { email: "ada@example.com" };
const campaignBody = { campaign_id: CAMPAIGN_ID, leads: [lead] };

describe("startFakeInstantly: statuses", () => {
  it.each([
    [
      "401 without a key",
      {},
      campaignBody,
      { apiKey: null },
      401,
      "Unauthorized",
      "Missing Authorization header",
    ],
    [
      "401 with a wrong key",
      {},
      campaignBody,
      { apiKey: "nope" },
      401,
      "Unauthorized",
      "Invalid API key",
    ],
    ["402 when unpaid", { paid: false }, campaignBody, {}, 402, "Payment Required", "paid plan"],
    [
      "404 for an unknown campaign",
      { campaigns: [OTHER_ID] },
      campaignBody,
      {},
      404,
      "Not Found",
      `Campaign ${CAMPAIGN_ID} not found`,
    ],
    [
      "404 for an unknown list",
      { campaigns: [CAMPAIGN_ID] },
      { list_id: LIST_ID, leads: [lead] },
      {},
      404,
      "Not Found",
      `List ${LIST_ID} not found`,
    ],
    [
      "415 for a body that is not declared JSON",
      {},
      campaignBody,
      { contentType: "text/plain" },
      415,
      "Unsupported Media Type",
      "Content-Type must be application/json",
    ],
    [
      "415 for a body without Content-Type",
      {},
      campaignBody,
      { contentType: null },
      415,
      "Unsupported Media Type",
      "Content-Type must be application/json",
    ],
    ["400 for invalid JSON", {}, '{"leads": [', {}, 400, "Bad Request", "not valid JSON"],
    [
      "400 for an unknown lead property",
      {},
      { campaign_id: CAMPAIGN_ID, leads: [{ ...lead, nickname: "A" }] },
      {},
      400,
      "Bad Request",
      "body.leads[0] must NOT have additional properties 'nickname'",
    ],
    [
      "400 for both targets",
      {},
      { ...campaignBody, list_id: LIST_ID },
      {},
      400,
      "Bad Request",
      "not both",
    ],
    ["400 for no target", {}, { leads: [lead] }, {}, 400, "Bad Request", "campaign_id or list_id"],
    [
      "404 for another path",
      {},
      campaignBody,
      { path: "/api/v2/leads" },
      404,
      "Not Found",
      "Cannot POST /api/v2/leads",
    ],
    [
      "405 for another method",
      {},
      campaignBody,
      { method: "PUT" },
      405,
      "Method Not Allowed",
      "Method PUT not allowed",
    ],
  ] as const)("answers %s", async (_name, options, body, init, status, error, message) => {
    const server = await start(options);
    const answer = await postLeads(server.url, body, init);
    expect(answer.status).toBe(status);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      statusCode: status,
      error,
      message: expect.stringContaining(message),
    });
    expect(server.state.applied).toBe(0);
    expect(server.state.leads).toEqual([]);
  });

  it("names the allowed method on a 405", async () => {
    const server = await start();
    const answer = await postLeads(server.url, "", { method: "DELETE" });
    expect(answer.headers.get("allow")).toBe(bulkAddLeadsSpec.method);
  });

  it("accepts JSON with a charset parameter", async () => {
    const server = await start();
    const answer = await postLeads(server.url, campaignBody, {
      contentType: "Application/JSON; charset=utf-8",
    });
    expect(answer.status).toBe(200);
  });

  it("accepts the key in any case of the Bearer scheme, and a custom key", async () => {
    const server = await start({ apiKey: "k-123" });
    const response = await fetch(`${server.url}${bulkAddLeadsSpec.path}`, {
      method: "POST",
      headers: { Authorization: "bearer k-123", "Content-Type": "application/json" },
      body: JSON.stringify(campaignBody),
    });
    expect(response.status).toBe(200);
    expect(server.apiKey).toBe("k-123");
  });
});

describe("startFakeInstantly: workspace state", () => {
  it("keeps leads across requests, counts them down from the plan and logs every request", async () => {
    const server = await start({ remainingInPlan: 10, blocklist: ["@blocked.example"] });
    const first = await postLeads(server.url, {
      campaign_id: CAMPAIGN_ID,
      leads: [lead, { email: "b@blocked.example" }, { email: "cy@example.com" }],
    });
    expect(first.json).toMatchObject({ leads_uploaded: 2, in_blocklist: 1, remaining_in_plan: 8 });
    const again = await postLeads(server.url, {
      campaign_id: CAMPAIGN_ID,
      leads: [lead, { email: "dee@example.com" }],
    });
    expect(again.json).toMatchObject({
      leads_uploaded: 1,
      duplicated_leads: 1,
      remaining_in_plan: 7,
    });
    const toList = await postLeads(server.url, {
      list_id: LIST_ID,
      skip_if_in_campaign: true,
      leads: [lead, { first_name: "Eve" }],
    });
    expect(toList.json).toMatchObject({
      leads_uploaded: 1,
      skipped_count: 1,
      remaining_in_plan: null,
    });
    await postLeads(server.url, campaignBody, { apiKey: "wrong" });

    const { state } = server;
    expect(state.remainingInPlan).toBe(7);
    expect(state.requests).toBe(4);
    expect(state.applied).toBe(3);
    expect(state.responses).toEqual({ 200: 3, 401: 1 });
    expect(state.totals).toMatchObject({ total_sent: 7, leads_uploaded: 4, in_blocklist: 1 });
    expect(state.leadsIn({ campaign_id: CAMPAIGN_ID }).map((l) => l.email)).toEqual([
      "ada@example.com",
      "cy@example.com",
      "dee@example.com",
    ]);
    expect(state.leadsIn({ list_id: LIST_ID })).toMatchObject([
      { email: null, first_name: "Eve", index: 1 },
    ]);
    expect(
      state.log.map(({ requestNumber, status, applied }) => ({ requestNumber, status, applied })),
    ).toEqual([
      { requestNumber: 1, status: 200, applied: true },
      { requestNumber: 2, status: 200, applied: true },
      { requestNumber: 3, status: 200, applied: true },
      { requestNumber: 4, status: 401, applied: false },
    ]);
  });

  it("answers created_leads whose ids match the stored leads", async () => {
    const server = await start();
    const answer = await postLeads(server.url, campaignBody);
    const body = answer.json as { created_leads: Array<{ id: string; index: number }> };
    expect(body.created_leads.map((c) => c.id)).toEqual(server.state.leads.map((l) => l.id));
  });

  it("adds latencyMs before answering", async () => {
    const server = await start({ latencyMs: 150 });
    const started = performance.now();
    expect((await postLeads(server.url, campaignBody)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("startFakeInstantly: close", () => {
  it("closes promptly with an idle keep-alive connection and a request in flight", async () => {
    const server = await start({ faults: { 2: { kind: "delay", ms: 60_000 } } });
    await postLeads(server.url, campaignBody);
    const inFlight = postLeads(server.url, campaignBody).catch((error: unknown) => error);
    await expect.poll(() => server.state.requests).toBe(2);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await inFlight).toBeInstanceOf(Error);
    await expect(postLeads(server.url, campaignBody)).rejects.toThrow();
    await server.close();
  });

  it("closes a connection that never finishes its request body", async () => {
    const server = await start();
    const { port } = new URL(server.url);
    const half = httpRequest({
      port,
      host: "127.0.0.1",
      method: "POST",
      path: bulkAddLeadsSpec.path,
    });
    const ended = new Promise((resolve) => half.on("error", resolve).on("close", resolve));
    half.write('{"leads": [');
    await expect.poll(() => server.state.requests).toBe(1);
    await server.close();
    await ended;
    await expect
      .poll(() => server.state.log)
      .toMatchObject([{ requestNumber: 1, status: "reset", applied: false }]);
  });
});

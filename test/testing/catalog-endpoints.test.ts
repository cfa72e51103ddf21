import { afterEach, describe, expect, it } from "vitest";
import { getCampaignSpec } from "../../generated/constraints.gen.js";
import { startFakeInstantly } from "../../src/testing/fake-server.js";
import { expectDocumented as expectDocumentedBody } from "./documented.js";
import type { FakeInstantly, FakeInstantlyOptions } from "../../src/testing/fake-instantly.js";
import { uuids } from "../targets/support.js";

function expectDocumented(path: string, status: number, body: unknown): void {
  expectDocumentedBody(path, "GET", status, body);
}

let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function get(
  options: FakeInstantlyOptions,
  path: string,
  init: { key?: string | null; method?: string } = {},
): Promise<{ status: number; body: any }> {
  fake ??= await startFakeInstantly({ rateLimit: false, ...options });
  const headers: Record<string, string> = {};
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? fake.apiKey}`;
  const response = await fetch(`${fake.url}${path}`, { method: init.method ?? "GET", headers });
  return { status: response.status, body: await response.json() };
}

const STATUS = getCampaignSpec.enums["responses.200.status"];
const [A, B, C] = uuids(3);
const campaigns = [
  { id: A as string, name: "Spring launch", status: STATUS.values[3] },
  { id: B as string, name: "Summer launch" },
  C as string,
];

describe("fake server: campaigns and lead lists", () => {
  it("answers getCampaign with the documented Campaign, its name and status", async () => {
    const { status, body } = await get({ campaigns }, `/api/v2/campaigns/${A}`);
    expect(status).toBe(200);
    expectDocumented("/api/v2/campaigns/{id}", 200, body);
    expect(body).toMatchObject({ id: A, name: "Spring launch", status: STATUS.values[3] });
  });

  it("defaults a campaign given by uuid to a name and the Active status", async () => {
    const { body } = await get({ campaigns }, `/api/v2/campaigns/${C}`);
    expect(STATUS.labels[body.status as keyof typeof STATUS.labels]).toBe("Active");
    expect(body.name).toBe(`Campaign ${C}`);
  });

  it("without campaigns or lists configured, knows every uuid (as the leads endpoint does) and lists none", async () => {
    const one = await get({}, `/api/v2/lead-lists/${A}`);
    expect(one.status).toBe(200);
    expectDocumented("/api/v2/lead-lists/{id}", 200, one.body);
    expect((await get({}, "/api/v2/campaigns/not-a-uuid")).status).toBe(404);
    expect((await get({}, "/api/v2/campaigns")).body).toEqual({ items: [] });
  });

  it("answers getLeadList with the documented LeadList", async () => {
    const { status, body } = await get(
      { lists: [{ id: A as string, name: "VIPs" }] },
      `/api/v2/lead-lists/${A}`,
    );
    expect(status).toBe(200);
    expectDocumented("/api/v2/lead-lists/{id}", 200, body);
    expect(body).toMatchObject({ id: A, name: "VIPs" });
  });

  it.each([
    ["an unknown campaign", { campaigns }, `/api/v2/campaigns/${uuids(1, "0111")[0]}`, {}, 404],
    ["a list id that is a campaign", { campaigns }, `/api/v2/lead-lists/${A}`, {}, 404],
    ["no key", { campaigns }, `/api/v2/campaigns/${A}`, { key: null }, 401],
    ["a wrong key", { campaigns }, "/api/v2/campaigns", { key: "nope" }, 401],
    ["an unpaid workspace", { campaigns, paid: false }, "/api/v2/lead-lists", {}, 402],
    ["a limit above the spec's maximum", { campaigns }, "/api/v2/campaigns?limit=101", {}, 400],
    ["a POST", { campaigns }, "/api/v2/campaigns", { method: "POST" }, 405],
  ])("refuses %s", async (_name, options, path, init, status) => {
    const answer = await get(options, path, init);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ statusCode: status });
  });

  it("pages with limit, starting_after and next_starting_after, as documented", async () => {
    const { status, body } = await get({ campaigns }, "/api/v2/campaigns?limit=2");
    expect(status).toBe(200);
    expectDocumented("/api/v2/campaigns", 200, body);
    expect(body.items.map((c: { id: string }) => c.id)).toEqual([A, B]);
    expect(body.next_starting_after).toBe(B);
    const last = await get({}, `/api/v2/campaigns?limit=2&starting_after=${B}`);
    expect(last.body).toEqual({ items: [expect.objectContaining({ id: C })] });
  });

  it("filters by search, case-insensitively, within names", async () => {
    const { body } = await get({ campaigns }, "/api/v2/campaigns?search=LAUNCH");
    expect(body.items.map((c: { name: string }) => c.name)).toEqual([
      "Spring launch",
      "Summer launch",
    ]);
    const lists = await get(
      { lists: [{ id: A as string, name: "Leads" }] },
      "/api/v2/lead-lists?search=x",
    );
    expectDocumented("/api/v2/lead-lists", 200, lists.body);
    expect(lists.body).toEqual({ items: [] });
  });

  it("counts GETs in the workspace's rate limit but not as POSTs to the leads endpoint", async () => {
    fake = await startFakeInstantly({ campaigns, rateLimit: { perSecond: 1, perMinute: 100 } });
    const first = await get({}, "/api/v2/campaigns");
    const second = await get({}, "/api/v2/campaigns");
    expect([first.status, second.status]).toEqual([200, 429]);
    expect(fake.state.requests).toBe(0);
  });
});

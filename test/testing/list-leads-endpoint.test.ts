import { afterEach, describe, expect, it } from "vitest";
import { listLeadsSpec } from "../../generated/constraints.gen.js";
import { startFakeInstantly } from "../../src/testing/fake-server.js";
import type { FakeInstantly, FakeInstantlyOptions } from "../../src/testing/fake-instantly.js";
import { documentedBody, errorsOf } from "./documented.js";
import { CAMPAIGN_ID, LIST_ID, postLeads } from "./support.js";

const validate200 = documentedBody(listLeadsSpec.path, listLeadsSpec.method, 200);

let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function fakeWithLeads(options: FakeInstantlyOptions = {}): Promise<FakeInstantly> {
  fake = await startFakeInstantly({ rateLimit: false, ...options });
  const emails = Array.from({ length: 25 }, (_, i) => ({ email: `lead${i}@x.example` }));
  await postLeads(fake.url, { campaign_id: CAMPAIGN_ID, leads: emails });
  await postLeads(fake.url, { list_id: LIST_ID, leads: [{ email: "LEAD0@x.example" }] });
  return fake;
}

function list(body: unknown, init: { apiKey?: string | null } = {}) {
  return postLeads(fake?.url ?? "", body, { ...init, path: listLeadsSpec.path });
}

type Page = { items: Array<{ id: string; email: string }>; next_starting_after?: string };

describe("POST /api/v2/leads/list on the fake server", () => {
  it("answers the documented 200 body, filtered by target and emails, case-insensitively", async () => {
    await fakeWithLeads();
    const answer = await list({
      campaign: CAMPAIGN_ID,
      contacts: ["LEAD3@x.example", "lead7@x.example", "nobody@x.example"],
      limit: 10,
    });
    expect(answer.status).toBe(200);
    expect(validate200(answer.json), errorsOf(validate200)).toBe(true);
    const page = answer.json as Page;
    expect(page.items.map((lead) => lead.email)).toEqual(["lead3@x.example", "lead7@x.example"]);
    expect(page).not.toHaveProperty("next_starting_after");
    const inList = (await list({ list_id: LIST_ID, contacts: ["lead0@x.example"] })).json as Page;
    expect(inList.items.map((lead) => lead.email)).toEqual(["LEAD0@x.example"]);
  });

  it("pages with limit, starting_after and next_starting_after", async () => {
    const server = await fakeWithLeads();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await list({ campaign: CAMPAIGN_ID, limit: 10, starting_after: cursor }))
        .json as Page;
      seen.push(...page.items.map((lead) => lead.id));
      cursor = page.next_starting_after;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual(server.state.leadsIn({ campaign_id: CAMPAIGN_ID }).map((lead) => lead.id));
    expect(server.state.listRequests).toBe(3);
  });

  it.each([
    ["a limit above the spec's maximum", { limit: 101 }, 400],
    ["a contact that is not an email", { contacts: ["not-an-email"] }, 400],
    ["an id that is not a uuid", { ids: ["lead-1"] }, 400],
  ])("refuses %s", async (_name, body, status) => {
    await fakeWithLeads();
    expect((await list(body)).status).toBe(status);
  });

  it("asks for the key and honours the plan, like the leads endpoint", async () => {
    await fakeWithLeads();
    expect((await list({}, { apiKey: "wrong" })).status).toBe(401);
    await fake?.close();
    fake = await startFakeInstantly({ rateLimit: false, paid: false });
    expect((await list({})).status).toBe(402);
  });

  it("plays the faults scripted for it, numbered by its own requests", async () => {
    await fakeWithLeads({ listLeadsFaults: { 2: { kind: "rate-limit", retryAfter: 3 } } });
    expect((await list({})).status).toBe(200);
    const throttled = await list({});
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expect((await list({})).status).toBe(200);
  });
});

import { describe, expect, it } from "vitest";
import {
  getCampaignSpec,
  getLeadListSpec,
  listCampaignSpec,
  listLeadListSpec,
} from "../../generated/constraints.gen.js";
import { createInstantlyClient } from "../../src/client/create.js";
import { listTargets } from "../../src/targets/fetch-targets.js";
import { resolveTarget } from "../../src/targets/resolve-target.js";
import { expectDocumented as expectDocumentedBody } from "../testing/documented.js";
import { CAMPAIGN_ID, LIST_ID } from "../testing/support.js";
import { prismAndFake } from "./prism.js";

function expectDocumented(path: string, status: number, body: unknown): void {
  expectDocumentedBody(path, "GET", status, body);
}

const requests: Array<[string, string, string]> = [
  ["getCampaign", getCampaignSpec.path, `/api/v2/campaigns/${CAMPAIGN_ID}`],
  ["listCampaign", listCampaignSpec.path, "/api/v2/campaigns?limit=2&search=Q4"],
  ["getLeadList", getLeadListSpec.path, `/api/v2/lead-lists/${LIST_ID}`],
  ["listLeadList", listLeadListSpec.path, "/api/v2/lead-lists?limit=2&starting_after=x"],
];

const servers = prismAndFake({
  rateLimit: false,
  campaigns: [{ id: CAMPAIGN_ID, name: "Q4 outreach" }],
  lists: [{ id: LIST_ID, name: "VIPs" }],
});

describe.each(servers)("campaign and lead-list GETs on $name", ({ url }) => {
  it.each(requests)("%s answers the documented 200", async (_operation, path, request) => {
    const response = await fetch(`${url()}${request}`, {
      headers: { Authorization: "Bearer test-key" },
    });
    expect(response.status).toBe(200);
    expectDocumented(path, 200, await response.json());
  });

  it.each(requests)("%s answers the documented 401 without a key", async (_o, path, request) => {
    const response = await fetch(`${url()}${request}`);
    expect(response.status).toBe(401);
    expectDocumented(path, 401, await response.json());
  });

  it("is read by the client: listTargets ends, resolveTarget fetches a uuid", async () => {
    const client = createInstantlyClient({
      apiKey: "test-key",
      baseUrl: url(),
      maxRetries: 0,
      rateLimit: false,
    });
    const listed = [];
    // Prism repeats its example cursor on every page: the client must still stop.
    for await (const item of listTargets(client, "campaign", { pageSize: 2 })) listed.push(item);
    expect(listed.length).toBeGreaterThan(0);
    expect(
      listed.every((item) => typeof item.id === "string" && item.statusLabel !== undefined),
    ).toBe(true);
    const resolved = await resolveTarget(client, { list: LIST_ID });
    expect(resolved.target).toEqual({ list_id: expect.any(String) });
  });
});

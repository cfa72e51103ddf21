import { describe, expect, it } from "vitest";
import { createFetchClient, type ListLeadsBody } from "../../generated/client.gen.js";
import { listLeadsSpec } from "../../generated/constraints.gen.js";
import { createInstantlyClient } from "../../src/client/create.js";
import { findLeadsByEmail } from "../../src/leads/recover-ids.js";
import { documentedBody, errorsOf } from "../testing/documented.js";
import { CAMPAIGN_ID, LIST_ID } from "../testing/support.js";
import { prismAndFake } from "./prism.js";

const { maximum } = listLeadsSpec.requestBody.schema.properties.limit;
const validate200 = documentedBody(listLeadsSpec.path, listLeadsSpec.method, 200);
const validate401 = documentedBody(listLeadsSpec.path, listLeadsSpec.method, 401);

/** The bodies importLeads sends to look up ids: a target, emails, a page size, maybe a cursor. */
const lookups: Array<[string, ListLeadsBody]> = [
  ["a campaign's leads by email", { campaign: CAMPAIGN_ID, contacts: ["a@x.io"], limit: maximum }],
  ["a list's leads by email", { list_id: LIST_ID, contacts: ["a@x.io", "b@x.io"], limit: 1 }],
  [
    "the next page",
    { campaign: CAMPAIGN_ID, contacts: ["a@x.io"], limit: maximum, starting_after: LIST_ID },
  ],
];

const servers = prismAndFake();

describe.each(servers)("POST /api/v2/leads/list on $name", ({ url }) => {
  const client = () =>
    createFetchClient({ baseUrl: url(), headers: { Authorization: "Bearer test-key" } });

  it.each(lookups)("accepts %s, answering the documented 200", async (_name, body) => {
    const { data, response } = await client().POST(listLeadsSpec.path, { body });
    expect(response.status).toBe(200);
    expect(validate200(data), errorsOf(validate200)).toBe(true);
  });

  it(`rejects a limit above ${maximum} with the documented 400`, async () => {
    const { response } = await client().POST(listLeadsSpec.path, {
      body: { campaign: CAMPAIGN_ID, limit: maximum + 1 },
    });
    expect(response.status).toBe(400);
  });

  it("answers the documented 401 without a key", async () => {
    const { error, response } = await createFetchClient({ baseUrl: url() }).POST(
      listLeadsSpec.path,
      { body: {} },
    );
    expect(response.status).toBe(401);
    expect(validate401(error), errorsOf(validate401)).toBe(true);
  });

  it("serves the ids lookup of importLeads", async () => {
    const instantly = createInstantlyClient({
      apiKey: "test-key",
      baseUrl: url(),
      rateLimit: false,
    });
    const target = { kind: "campaign" as const, id: CAMPAIGN_ID };
    const { lookups: requests } = await findLeadsByEmail(instantly, target, ["a@x.io"], undefined);
    expect(requests).toBeGreaterThanOrEqual(1);
  });
});

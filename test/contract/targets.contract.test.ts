import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getCampaignSpec,
  getLeadListSpec,
  listCampaignSpec,
  listLeadListSpec,
} from "../../generated/constraints.gen.js";
import { createInstantlyClient } from "../../src/client/create.js";
import { listTargets } from "../../src/targets/fetch-targets.js";
import { resolveTarget } from "../../src/targets/resolve-target.js";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import { createSpecAjv } from "../../src/testing/spec-ajv.js";
import { CAMPAIGN_ID, LIST_ID } from "../testing/support.js";
import { startPrism, type PrismMock } from "./prism.js";

// The documented responses, read from the spec itself; component $refs become local $defs.
const spec = JSON.parse(
  readFileSync(new URL("../../spec/instantly-api-v2.json", import.meta.url), "utf8").replaceAll(
    "#/components/schemas/",
    "#/$defs/",
  ),
) as {
  paths: Record<string, { get: { responses: Record<string, { content: Record<string, any> }> } }>;
  components: { schemas: Record<string, object> };
};
const ajv = createSpecAjv();
// Annotations of the component schemas, which the bulkAddLeads schemas do not use.
ajv.addVocabulary(["x-tags", "x-group"]);
// Campaign has `required` without `type: object` in one place; valid JSON Schema, not worth a warning.
ajv.opts.strictTypes = false;

function expectDocumented(path: string, status: number, body: unknown): void {
  const schema =
    spec.paths[path]?.get.responses[String(status)]?.content["application/json"].schema;
  expect(schema, `the spec documents ${status} of GET ${path}`).toBeDefined();
  const validate = ajv.compile({ ...schema, $defs: spec.components.schemas });
  expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
}

const requests: Array<[string, string, string]> = [
  ["getCampaign", getCampaignSpec.path, `/api/v2/campaigns/${CAMPAIGN_ID}`],
  ["listCampaign", listCampaignSpec.path, "/api/v2/campaigns?limit=2&search=Q4"],
  ["getLeadList", getLeadListSpec.path, `/api/v2/lead-lists/${LIST_ID}`],
  ["listLeadList", listLeadListSpec.path, "/api/v2/lead-lists?limit=2&starting_after=x"],
];

let prism: PrismMock | undefined;
let fake: FakeInstantly | undefined;
beforeAll(async () => {
  [prism, fake] = await Promise.all([
    startPrism(),
    startFakeInstantly({
      rateLimit: false,
      campaigns: [{ id: CAMPAIGN_ID, name: "Q4 outreach" }],
      lists: [{ id: LIST_ID, name: "VIPs" }],
    }),
  ]);
}, 90_000);
afterAll(async () => {
  await Promise.all([prism?.stop(), fake?.close()]);
});

const servers = [
  { name: "Prism", url: () => prism?.url ?? "" },
  { name: "the fake server", url: () => fake?.url ?? "" },
];

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

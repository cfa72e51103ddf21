import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createFetchClient,
  type BulkAddLeadsBody,
  type BulkAddLeadsLead,
  type BulkAddLeadsResponse,
} from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { createInstantlyClient } from "../../src/client/create.js";
import { addLeads } from "../../src/leads/add-leads.js";
import { importLeads } from "../../src/leads/import-leads.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import { leadsFixture } from "../../src/testing/index.js";
import { createSpecAjv } from "../../src/testing/spec-ajv.js";
import { CAMPAIGN_ID, LIST_ID, OTHER_ID } from "../testing/support.js";
import { prismAndFake } from "./prism.js";

// The documented responses, read from the spec itself rather than from anything generated.
const spec = JSON.parse(
  readFileSync(new URL("../../spec/instantly-api-v2.json", import.meta.url), "utf8"),
) as { paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>> };
interface DocumentedResponse {
  content: { "application/json": { schema: object } };
}
const operation = spec.paths[bulkAddLeadsSpec.path]?.[bulkAddLeadsSpec.method.toLowerCase()];
const ajv = createSpecAjv();

/** Asserts that `body` is what the spec documents for `status`. */
function expectDocumented(status: number, body: unknown): void {
  const schema = operation?.responses[String(status)]?.content["application/json"].schema;
  expect(schema, `the spec documents ${status}`).toBeDefined();
  const validate = ajv.compile(schema ?? {});
  expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
}

const { schema, properties } = bulkAddLeadsSpec.requestBody;
const leadSchema = schema.properties.leads.items.properties;
const { maxItems, itemProperties } = bulkAddLeadsSpec.arrays.leads;
const targets = ["campaign_id", "list_id", "leads"];

/** A lead with every field set to the spec's example of it. */
const exampleLead = Object.fromEntries(
  itemProperties.map((name) => [name, leadSchema[name].example]),
) as BulkAddLeadsLead;
/** Every optional body field (flags, blocklist, assignee) set to the spec's example of it. */
const bodyFields = schema.properties as Record<string, { example?: unknown }>;
const exampleFlags = Object.fromEntries(
  properties
    .filter((name) => !targets.includes(name))
    .map((name) => [name, bodyFields[name]?.example]),
) as Partial<BulkAddLeadsBody>;
const nullableFields = itemProperties.filter((name) => {
  const { type } = leadSchema[name];
  return Array.isArray(type) && type.includes("null");
});

const validCases: Array<[string, BulkAddLeadsBody]> = [
  [
    "a campaign target with one lead",
    { campaign_id: CAMPAIGN_ID, leads: [{ email: "ada@example.com" }] },
  ],
  ["a list target with a lead known by name", { list_id: LIST_ID, leads: [{ first_name: "Ada" }] }],
  [
    "every body field",
    { campaign_id: CAMPAIGN_ID, ...exampleFlags, leads: [{ email: "flags@example.com" }] },
  ],
  ["every lead field", { list_id: LIST_ID, leads: [exampleLead] }],
  [
    "null for every nullable field",
    {
      list_id: LIST_ID,
      blocklist_id: null,
      leads: [
        { ...Object.fromEntries(nullableFields.map((name) => [name, null])), last_name: "Null" },
      ],
    },
  ],
  [
    "custom_variables of each allowed type",
    {
      campaign_id: CAMPAIGN_ID,
      leads: [
        {
          email: "vars@example.com",
          custom_variables: { s: "pro", n: 2.5, i: 3, b: true, z: null },
        },
      ],
    },
  ],
  [
    "every lt_interest_status value",
    {
      campaign_id: CAMPAIGN_ID,
      leads: bulkAddLeadsSpec.enums["requestBody.leads[].lt_interest_status"].values.map(
        (value, i) => ({
          email: `status${i}@example.com`,
          lt_interest_status: value,
        }),
      ),
    },
  ],
  [
    `${maxItems} leads`,
    {
      campaign_id: OTHER_ID,
      leads: leadsFixture(maxItems, {
        invalidEmailRate: 0.05,
        duplicateRate: 0.05,
        blockedRate: 0.05,
      }),
    },
  ],
];

/** Bodies the schema rejects, with where the problem is ("body.leads[0].email"). */
const invalidCases: Array<[string, unknown, string]> = [
  [
    "an unknown lead property",
    { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.io", nickname: "A" }] },
    "body.leads[0]",
  ],
  ["no leads", { campaign_id: CAMPAIGN_ID, leads: [] }, "body.leads"],
  [
    `${maxItems + 1} leads`,
    { campaign_id: CAMPAIGN_ID, leads: leadsFixture(maxItems + 1) },
    "body.leads",
  ],
  [
    "a campaign_id that is not a uuid",
    { campaign_id: "campaign-1", leads: [{ email: "a@x.io" }] },
    "body.campaign_id",
  ],
  [
    "a lead assigned_to that is not a uuid",
    { list_id: LIST_ID, leads: [{ first_name: "A", assigned_to: "me" }] },
    "body.leads[0].assigned_to",
  ],
  ["a number email", { campaign_id: CAMPAIGN_ID, leads: [{ email: 42 }] }, "body.leads[0].email"],
  [
    "a string flag",
    { campaign_id: CAMPAIGN_ID, verify_leads_on_import: "yes", leads: [{ email: "a@x.io" }] },
    "body.verify_leads_on_import",
  ],
  [
    "an lt_interest_status outside the enum",
    { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.io", lt_interest_status: 9 }] },
    "body.leads[0].lt_interest_status",
  ],
  [
    "an object custom variable",
    { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.io", custom_variables: { plan: {} } }] },
    "body.leads[0].custom_variables.plan",
  ],
];

/** Prism's `["body", "leads", "0", "email"]` as the fake's "body.leads[0].email". */
function prismPath(location: string[]): string {
  return location.reduce((path, part) =>
    /^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`,
  );
}

const [prism, fake] = prismAndFake();
const servers = [
  { ...prism, rejects: 422 },
  { ...fake, rejects: 400 },
];

describe.each(servers)("POST /api/v2/leads/add on $name", ({ name, url, rejects }) => {
  const isFake = name !== "Prism";

  it.each(validCases)(
    "accepts what the client sends for %s, answering the documented 200",
    async (_name, body) => {
      const client = createInstantlyClient({
        apiKey: "test-key",
        baseUrl: url(),
        maxRetries: 0,
        rateLimit: false,
      });
      const { data, response } = await client.POST("/api/v2/leads/add", { body });
      expect(response.status).toBe(200);
      expectDocumented(200, data);
      const typed: BulkAddLeadsResponse = data as BulkAddLeadsResponse;
      const counters = [
        typed.total_sent,
        typed.leads_uploaded,
        typed.in_blocklist,
        typed.duplicated_leads,
        typed.skipped_count,
        typed.invalid_email_count,
        typed.incomplete_count,
        typed.duplicate_email_count,
      ];
      expect(counters.every(Number.isInteger)).toBe(true);
      expect(
        typed.created_leads.every(
          (lead) => Number.isInteger(lead.index) && typeof lead.id === "string",
        ),
      ).toBe(true);
      if (!isFake) return;
      // Prism answers the spec's example; the fake's numbers must also add up.
      const [, uploaded, ...skipped] = counters;
      expect(typed.total_sent).toBe(body.leads.length);
      expect((uploaded ?? 0) + skipped.reduce((sum, n) => sum + (n ?? 0), 0)).toBe(
        body.leads.length,
      );
      expect(typed.created_leads).toHaveLength(typed.leads_uploaded);
      expect(typed.remaining_in_plan === null).toBe(body.campaign_id === undefined);
    },
  );

  it("answers addLeads with a 2xx it returns, never throws on: anomalies only where the body differs from the spec", async () => {
    const client = createInstantlyClient({
      apiKey: "test-key",
      baseUrl: url(),
      maxRetries: 0,
      rateLimit: false,
    });
    const result = await addLeads(client, {
      campaign_id: CAMPAIGN_ID,
      leads: [{ email: "ada@example.com" }],
    });
    const { anomalies, ...body } = result;
    expectDocumented(200, body);
    const kinds = anomalies.map((anomaly) => anomaly.kind);
    if (isFake) expect(kinds).toEqual([]);
    // Prism answers the spec's example: total_sent 10 for the one lead sent.
    else expect(kinds).toContain("total_sent_mismatch");
  });

  it("imports with importLeads: every batch accepted, the invariant on its own count", async () => {
    const client = createInstantlyClient({
      apiKey: "test-key",
      baseUrl: url(),
      maxRetries: 0,
      rateLimit: false,
    });
    const leads = Array.from({ length: 5 }, (_, i) => ({ email: `contract${i}@example.com` }));
    const report = await importLeads(client, { list_id: LIST_ID }, leads, {
      batchSize: 2,
      concurrency: 1,
    });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report).toMatchObject({ sent: 5, failed: [], stopped: null, not_read: 0 });
    expect(report.batches).toMatchObject({ sent: 3, accepted: 3, failed: 0, replayed: 0 });
    if (isFake) {
      expect(report.anomalies).toEqual([]);
      expect(report.created_leads.map((lead) => lead.index)).toEqual([0, 1, 2, 3, 4]);
    } else {
      expect(
        report.anomalies.filter((anomaly) => anomaly.kind === "total_sent_mismatch"),
      ).toHaveLength(3);
    }
  });

  it.each(invalidCases)("rejects %s", async (_name, body, where) => {
    const client = createFetchClient({
      baseUrl: url(),
      headers: { Authorization: "Bearer test-key" },
    });
    const { error, response } = await client.POST("/api/v2/leads/add", {
      body: body as BulkAddLeadsBody,
    });
    expect(response.status).toBe(rejects);
    if (isFake) {
      expect(error).toEqual({
        statusCode: 400,
        error: "Bad Request",
        message: expect.stringContaining(`${where} `),
      });
    } else {
      const { validation } = error as unknown as { validation: Array<{ location: string[] }> };
      expect(validation.map((issue) => prismPath(issue.location))).toContain(where);
    }
  });

  it("rejects a body not sent as application/json with 415", async () => {
    const response = await fetch(`${url()}${bulkAddLeadsSpec.path}`, {
      method: bulkAddLeadsSpec.method,
      headers: { Authorization: "Bearer test-key", "Content-Type": "text/plain" },
      body: JSON.stringify(validCases[0]?.[1]),
    });
    expect(response.status).toBe(415);
  });

  it("answers the documented 401 without a key", async () => {
    const client = createFetchClient({ baseUrl: url() });
    const { error, response } = await client.POST("/api/v2/leads/add", {
      body: { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.io" }] },
    });
    expect(response.status).toBe(401);
    expectDocumented(401, error);
  });
});

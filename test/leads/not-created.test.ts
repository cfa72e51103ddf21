import { afterEach, describe, expect, it } from "vitest";
import { importLeads } from "../../src/leads/import-leads.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import { NO_REF } from "../../src/leads/lead-entry.js";
import { notCreatedLeads, type SettledBatch } from "../../src/leads/not-created.js";
import type { FakeInstantly } from "../../src/testing/fake-instantly.js";
import { addLeadsAnswer } from "../support/add-leads-answer.js";
import { fakeWithClient } from "./support/fake.js";
import { CAMPAIGN_ID, LIST_ID } from "./support/spec-ids.js";

function batch(overrides: Partial<SettledBatch<never>>): SettledBatch<never> {
  const leads = [{ email: "a@x.example" }, { email: "A@x.example " }, { email: "b@x.example" }];
  return {
    indices: [10, 11, 12],
    leads,
    refs: leads.map(() => NO_REF),
    response: addLeadsAnswer(3, 1, { duplicate_email_count: 1, in_blocklist: 1 }),
    named: new Set([10]),
    unresolved: new Map(),
    unreadable: false,
    ...overrides,
  };
}

describe("notCreatedLeads", () => {
  it.each<[string, Partial<SettledBatch<never>>, Array<Record<string, unknown>>]>([
    [
      "a repeated email names the first lead; the rest get the batch's counters",
      {},
      [
        { index: 11, duplicate_of: 10 },
        {
          index: 12,
          message:
            "the API created 1 of 3 leads of this batch (1 in_blocklist, 1 duplicate_email_count)",
        },
      ],
    ],
    [
      "the counters, less the leads explained, leave one reason: it is said",
      {
        response: addLeadsAnswer(3, 1, {
          duplicate_email_count: 1,
          in_blocklist: 1,
          created_leads: [
            { index: 0, id: "i", email: null, first_name: null, last_name: null, phone: null },
          ],
        }),
      },
      [
        { index: 11, cause: "duplicate" },
        {
          index: 12,
          cause: "counters",
          message:
            "its email or domain is on the blocklist (the one reason this batch's counters leave: 1 in_blocklist)",
        },
      ],
    ],
    [
      "an invalid email inferred from the counters is one to fix",
      {
        leads: [{ email: "a@x.example" }, { email: "b@x.example" }, { email: "c@x.example" }],
        response: addLeadsAnswer(3, 1, {
          invalid_email_count: 2,
          created_leads: [
            { index: 0, id: "i", email: null, first_name: null, last_name: null, phone: null },
          ],
        }),
      },
      [
        {
          index: 11,
          cause: "invalid_email",
          message: expect.stringMatching(/^the API counted its email invalid/),
        },
        { index: 12, cause: "invalid_email" },
      ],
    ],
    [
      "two reasons left: only the counters",
      {
        leads: [{ email: "a@x.example" }, { email: "b@x.example" }, { email: "c@x.example" }],
        response: addLeadsAnswer(3, 1, {
          skipped_count: 1,
          in_blocklist: 1,
          created_leads: [
            { index: 0, id: "i", email: null, first_name: null, last_name: null, phone: null },
          ],
        }),
      },
      [
        { index: 11, cause: "counters", message: expect.stringMatching(/^the API created 1 of 3/) },
        { index: 12, cause: "counters" },
      ],
    ],
    ["every lead named: none", { named: new Set([10, 11, 12]) }, []],
    [
      "an unresolved lead keeps the lookup's message",
      { named: new Set([10, 11]), unresolved: new Map([[12, "not found by email"]]) },
      [{ index: 12, message: "not found by email" }],
    ],
    [
      "an unreadable answer and a lead without an email",
      {
        leads: [{ email: "a@x.example" }, { first_name: "Ann" }, { email: "b@x.example" }],
        named: new Set([10, 12]),
        unreadable: true,
      },
      [{ index: 11, message: expect.stringMatching(/could not be read.*no email/) }],
    ],
  ])("%s", (_name, overrides, expected) => {
    const found = notCreatedLeads(batch(overrides));
    expect(found).toHaveLength(expected.length);
    expected.forEach((entry, at) => expect(found[at]).toMatchObject(entry));
  });
});

let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("importLeads names every lead sent and not created", () => {
  it("created + existing + not_created + rejected + refused + failed: every ref once", async () => {
    const setup = await fakeWithClient({ blocklist: ["@blocked.example"] });
    fake = setup.fake;
    const emails = [
      "ann@x.example",
      "bob@blocked.example", // blocklisted
      "ANN@x.example", // the same email as row 0, in the same batch
      "not an email", // sent: the API counts it invalid
      "cy@x.example",
    ];
    const input: Array<{ lead: Record<string, unknown>; ref: string }> = emails.map(
      (email, row) => ({ lead: { email }, ref: `row-${row}` }),
    );
    // A campaign lead needs an email: rejected before sending.
    input.push({ lead: { first_name: "Dee" }, ref: "row-5" });
    const report = await importLeads(setup.client, { campaign_id: CAMPAIGN_ID }, input, {
      batchSize: 10,
    });
    expect(checkReportInvariant(report)).toEqual([]);
    const named = [
      ...report.created_leads.map((lead) => lead.ref),
      ...report.existing_leads.map((lead) => lead.ref),
      ...report.not_created.map((lead) => lead.ref),
      ...report.rejected.map((lead) => lead.ref),
      ...report.refused.map((lead) => lead.ref),
      ...report.failed.flatMap((failure) => failure.refs),
    ];
    expect(named.sort()).toEqual(input.map((entry) => entry.ref).sort());
    expect(report.created_leads.map((lead) => lead.ref)).toEqual(["row-0", "row-4"]);
    expect(report.rejected.map((lead) => lead.ref)).toEqual(["row-5"]);
    // The repeat and the invalid email explained, the counters leave one reason for the third.
    const blocklisted =
      "its email or domain is on the blocklist (the one reason this batch's counters leave: 1 in_blocklist)";
    expect(report.not_created).toEqual([
      { index: 1, ref: "row-1", message: blocklisted, cause: "counters" },
      {
        index: 2,
        ref: "row-2",
        duplicate_of: 0,
        cause: "duplicate",
        message: "the same email as input lead 0 of this batch: the API keeps one",
      },
      {
        index: 3,
        ref: "row-3",
        message:
          'the API counts "not an email" invalid: it contains a space or a control character',
        cause: "invalid_email",
      },
    ]);
  });

  it("looks up the ids of a batch whose 2xx body could not be read, as for a lost answer", async () => {
    const setup = await fakeWithClient({ deviations: { nonJsonBody: "OK" } });
    fake = setup.fake;
    const leads = [{ email: "a@x.example" }, { email: "b@x.example" }, { first_name: "Cy" }];
    const report = await importLeads(setup.client, { list_id: LIST_ID }, leads);
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.anomalies.map((anomaly) => anomaly.kind)).toEqual(["not_json"]);
    const ids = new Map(fake.state.leads.map((lead) => [lead.email, lead.id]));
    expect(report.created_leads).toMatchObject([
      { index: 0, id: ids.get("a@x.example"), recovered: true },
      { index: 1, id: ids.get("b@x.example"), recovered: true },
    ]);
    expect(report.not_created).toMatchObject([
      { index: 2, message: expect.stringMatching(/no email to look it up by/) },
    ]);
    expect(report.lookups).toBeGreaterThan(0);
  });

  it("keeps not_created out of the report with keepCreatedLeads: false, and gives it to onBatch", async () => {
    const setup = await fakeWithClient({ blocklist: ["@blocked.example"] });
    fake = setup.fake;
    const seen: number[] = [];
    const report = await importLeads(
      setup.client,
      { campaign_id: CAMPAIGN_ID },
      [{ email: "a@x.example" }, { email: "b@blocked.example" }],
      {
        keepCreatedLeads: false,
        onBatch: (outcome) => {
          if (outcome.accepted) seen.push(...outcome.not_created.map((lead) => lead.index));
        },
      },
    );
    expect(report.not_created).toEqual([]);
    expect(seen).toEqual([1]);
    expect(checkReportInvariant(report)).toEqual([]);
  });
});

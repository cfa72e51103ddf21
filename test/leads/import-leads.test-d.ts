import { describe, expectTypeOf, it } from "vitest";
import type { InstantlyClient } from "../../src/client/client-types.js";
import { importLeads } from "../../src/leads/import-leads.js";
import type { CreatedLead, ImportFailure, ImportReport } from "../../src/leads/import-report.js";
import type { LeadStatus, NotCreatedCause } from "../../src/leads/lead-outcome.js";

declare const client: InstantlyClient;
const campaign = { campaign_id: "019e0e3e-b690-71a9-b399-fbf49894dded" };

describe("importLeads' lead input", () => {
  it("rejects a typed lead with a field the spec does not have", () => {
    // @ts-expect-error -- emial is not a lead field
    void importLeads(client, campaign, [{ emial: "x" }]);
    // @ts-expect-error -- nor inside a { lead, ref } entry
    void importLeads(client, campaign, [{ lead: { emial: "x" }, ref: 1 }]);
    // @ts-expect-error -- a field of the wrong type
    void importLeads(client, campaign, [{ email: "a@x.example", phone: 5 }]);
  });

  it("still takes values from untyped sources, checked at run time", () => {
    const values: unknown[] = [];
    const records: Array<Record<string, unknown>> = [];
    const parsed: unknown = JSON.parse("[]");
    expectTypeOf(importLeads(client, campaign, values)).toEqualTypeOf<Promise<ImportReport>>();
    expectTypeOf(importLeads(client, campaign, records)).toEqualTypeOf<Promise<ImportReport>>();
    expectTypeOf(importLeads(client, campaign, parsed as Iterable<unknown>)).toEqualTypeOf<
      Promise<ImportReport>
    >();
    expectTypeOf(
      importLeads(
        client,
        campaign,
        values.map((lead, line) => ({ lead, ref: line })),
      ),
    ).toEqualTypeOf<Promise<ImportReport<number>>>();
  });
});

describe("the report's refs", () => {
  it("has the refs' type when the input carries refs", async () => {
    async function* rows() {
      yield { lead: { email: "a@x.example" }, ref: { row: 2 } };
    }
    const report = await importLeads(client, campaign, rows());
    expectTypeOf(report).toEqualTypeOf<ImportReport<{ row: number }>>();
    expectTypeOf(report.created_leads[0]!.ref).toEqualTypeOf<{ row: number }>();
    expectTypeOf(report.rejected[0]!.ref).toEqualTypeOf<{ row: number }>();
    expectTypeOf(report.failed[0]!.refs).toEqualTypeOf<Array<{ row: number }>>();
    expectTypeOf(report.unresolved[0]!.ref).toEqualTypeOf<{ row: number }>();
    expectTypeOf(report.existing_leads[0]!.ref).toEqualTypeOf<{ row: number }>();
  });

  it("has no ref fields for bare leads", async () => {
    const report = await importLeads(client, campaign, new Set([{ email: "a@x.example" }]));
    expectTypeOf(report).toEqualTypeOf<ImportReport>();
    expectTypeOf<CreatedLead>().not.toHaveProperty("ref");
    expectTypeOf<ImportFailure>().not.toHaveProperty("refs");
    expectTypeOf(report.created_leads[0]!.recovered).toEqualTypeOf<true | undefined>();
  });

  it("types onBatch's outcome with the refs", () => {
    void importLeads(client, campaign, [{ lead: { email: "a@x.example" }, ref: "crm-1" }], {
      onBatch: (outcome) => {
        if (outcome.accepted) expectTypeOf(outcome.refs).toEqualTypeOf<string[]>();
        else expectTypeOf(outcome.failure.refs).toEqualTypeOf<string[]>();
      },
    });
  });

  it("types onOutcome's entries with the ref, and bare leads' without one", () => {
    void importLeads(client, campaign, [{ lead: { email: "a@x.example" }, ref: 7 }], {
      onOutcome: (outcomes) => {
        expectTypeOf(outcomes[0]!.ref).toEqualTypeOf<number>();
        expectTypeOf(outcomes[0]!.status).toEqualTypeOf<LeadStatus>();
        expectTypeOf(outcomes[0]!.cause).toEqualTypeOf<NotCreatedCause | undefined>();
      },
    });
    void importLeads(client, campaign, [{ email: "a@x.example" }], {
      onOutcome: (outcomes) => expectTypeOf(outcomes[0]!).not.toHaveProperty("ref"),
    });
  });
});

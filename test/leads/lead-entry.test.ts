import { describe, expect, it } from "vitest";
import { importLeads } from "../../src/leads/import-leads.js";
import type { LeadWithRef } from "../../src/leads/lead-entry.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import { emailLeads, fakeWithClient } from "./support/fake.js";
import { CAMPAIGN_ID } from "./support/spec-ids.js";

const campaign = { campaign_id: CAMPAIGN_ID };
type Ref = { crmId: string };
type Entry = LeadWithRef<unknown, Ref>;

/** 40 entries, 5 and 25 invalid; batches of 10 valid leads: 0-10 accepted, 11-20 replayed after a
 *  lost attempt, 21-30 refused by a 404 that stops the import, 31-39 never sent. */
function entries(): Entry[] {
  const leads: unknown[] = emailLeads(40);
  leads[5] = { email: "five@x.example", emial: "typo" };
  leads[25] = { first_name: "no email" };
  return leads.map((lead, index) => ({ lead, ref: { crmId: `crm-${index}` } }));
}

const sources: Array<[string, (items: Entry[]) => Iterable<Entry> | AsyncIterable<Entry>]> = [
  ["an array", (items) => items],
  ["an iterable", (items) => new Set(items)],
  [
    "an async iterable",
    (items) =>
      (async function* () {
        yield* items;
      })(),
  ],
];

describe("refs through importLeads", () => {
  it.each(sources)(
    "carries each ref to the created, recovered, rejected and failed leads of %s",
    async (_name, source) => {
      const { client } = await fakeWithClient({
        campaigns: [CAMPAIGN_ID],
        faults: {
          2: { kind: "reset-after" },
          4: { kind: "status", status: 404 },
        },
      });
      const report = await importLeads(client, campaign, source(entries()), {
        batchSize: 10,
        concurrency: 1,
      });
      expect(checkReportInvariant(report)).toEqual([]);
      const refOf = (index: number) => ({ crmId: `crm-${index}` });

      expect(report.rejected.map((lead) => [lead.index, lead.ref])).toEqual([
        [5, refOf(5)],
        [25, refOf(25)],
      ]);
      const created = report.created_leads.filter((lead) => lead.recovered !== true);
      const recovered = report.created_leads.filter((lead) => lead.recovered === true);
      expect(created.map((lead) => lead.index)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10]);
      expect(recovered.map((lead) => lead.index)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      for (const lead of report.created_leads) expect(lead.ref).toEqual(refOf(lead.index));
      // The 404 stops the import: its batch fails, and leads read but not sent fail with it.
      expect(report.failed.length).toBeGreaterThanOrEqual(1);
      for (const failure of report.failed) {
        expect(failure.status).toBe(404);
        expect(failure.refs).toEqual(failure.indices.map(refOf));
      }
      expect(report.failed[0]?.indices).toEqual([21, 22, 23, 24, 26, 27, 28, 29, 30, 31]);
      expect(report.stopped).toMatchObject({ status: 404 });
    },
  );

  it("keeps today's report shape for bare leads", async () => {
    const { client } = await fakeWithClient({ faults: { 1: { kind: "status", status: 404 } } });
    const leads: unknown[] = [{ email: "a@x.example" }, { emial: "b@x.example" }];
    const report = await importLeads(client, campaign, leads);
    expect(report.rejected[0]).not.toHaveProperty("ref");
    expect(report.failed[0]).not.toHaveProperty("refs");
    expect(report).toMatchObject({ existing_leads: [], unresolved: [], lookups: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { importLeads } from "../../src/leads/import-leads.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import { emailLeads, fakeWithClient } from "./support/fake.js";
import { CAMPAIGN_ID } from "./support/spec-ids.js";

const campaign = { campaign_id: CAMPAIGN_ID };

/** `count` leads, those at `bad` with an address the client accepts and the fake's rule refuses. */
function leadsWithBad(count: number, bad: readonly number[]) {
  const leads = emailLeads(count);
  for (const index of bad) leads[index]!.email = `lead${index}@sub_domain.example`;
  return leads;
}

describe("importLeads: leads the server refuses", () => {
  it.each([
    ["named in the message", true],
    ["not named", false],
  ])(
    "isolates 10 refused leads among 10,000 (%s), imports every other, within the cost bound",
    async (_, namePosition) => {
      const bad = [7, 1_234, 1_500, 2_999, 5_000, 5_001, 7_777, 8_000, 9_998, 9_999];
      const { fake, client } = await fakeWithClient({
        leadRule: { matches: "_", namePosition },
      });
      const report = await importLeads(client, campaign, leadsWithBad(10_000, bad));
      expect(checkReportInvariant(report)).toEqual([]);
      expect(report.refused.map((lead) => lead.index)).toEqual(bad);
      for (const lead of report.refused) {
        expect(lead).toMatchObject({
          status: 400,
          message: expect.stringContaining("email is not valid"),
        });
      }
      expect(report.failed).toEqual([]);
      expect(report.sent).toBe(10_000 - bad.length);
      expect(fake.state.leads).toHaveLength(10_000 - bad.length);
      // 10 batches of 1000; every extra request is one spent isolating.
      const extra = fake.state.requests - 10;
      expect(extra).toBeLessThanOrEqual(2 * bad.length * Math.log2(1000));
      if (namePosition) expect(extra).toBeLessThanOrEqual(3 * bad.length);
      expect(report.batches.sent).toBe(fake.state.requests);
    },
  );

  it("stops within a few requests on a refusal that is not about any lead; nothing is lost", async () => {
    const { fake, client } = await fakeWithClient({
      faults: () => ({ kind: "status", status: 400 }),
    });
    const report = await importLeads(client, campaign, emailLeads(5_000), { concurrency: 1 });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.stopped).toMatchObject({ status: 400 });
    expect(fake.state.requests).toBe(5);
    expect(report.refused).toEqual([]);
    expect(report.sent).toBe(0);
    expect(report.failed.flatMap((failure) => failure.indices)).toHaveLength(report.input_count);
    expect(report.failed[0]).toMatchObject({
      status: 400,
      message: expect.stringContaining("Fault injected"),
    });
  });

  it("learns the body limit from a 413: every lead imported, batches cut to it for the rest of the run", async () => {
    const maxBodyBytes = 20_000;
    const { fake, client } = await fakeWithClient({ maxBodyBytes });
    const report = await importLeads(client, campaign, emailLeads(3_000), { concurrency: 1 });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.sent).toBe(3_000);
    expect(fake.state.leads).toHaveLength(3_000);
    expect(report.body_limit_bytes).toBeGreaterThan(maxBodyBytes / 2);
    expect(report.body_limit_bytes).toBeLessThanOrEqual(maxBodyBytes);
    // Only the first batch meets the limit (it, then both halves: quarters fit); no body after.
    const refusals = fake.state.log.filter((entry) => entry.status === 413);
    expect(refusals.map((entry) => entry.requestNumber)).toEqual([1, 2, 3]);
  });

  it("refuses a lead too large alone with the 413's message and imports the others", async () => {
    const leads = emailLeads(2_000);
    leads[1_500]!.first_name = "x".repeat(300_000);
    const { fake, client } = await fakeWithClient({ maxBodyBytes: 200_000 });
    const report = await importLeads(client, campaign, leads, { concurrency: 1 });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.refused).toEqual([
      { index: 1_500, status: 413, message: expect.stringContaining("Request body is too large") },
    ]);
    expect(fake.state.leads).toHaveLength(1_999);
    expect(report.body_limit_bytes).not.toBeNull();
  });
});

describe("importLeads: adaptive concurrency against a server with a queue", () => {
  it("keeps about as many batches in flight as the server works on at once", async () => {
    // 2 at once: the 4 batches a fixed default used to keep in flight would wait 100 ms each.
    const { fake, client } = await fakeWithClient({ capacity: { concurrent: 2, serviceMs: 100 } });
    const seen: number[] = [];
    const report = await importLeads(client, campaign, emailLeads(4_000), {
      batchSize: 50,
      onProgress: (progress) => seen.push(progress.concurrency),
    });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.sent).toBe(4_000);
    expect(Math.min(...seen)).toBeLessThanOrEqual(2);
    const queued = fake.state.log.reduce((sum, entry) => sum + (entry.queuedMs ?? 0), 0);
    expect(queued / fake.state.log.length).toBeLessThan(60);
    // It uses both of the server's places most of the time (its rate is bench:import's to measure).
    const sorted = [...seen].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThanOrEqual(2);
  });

  it("keeps a number it is given", async () => {
    const { client } = await fakeWithClient({ capacity: { concurrent: 8, serviceMs: 20 } });
    const seen = new Set<number>();
    await importLeads(client, campaign, emailLeads(2_000), {
      batchSize: 50,
      concurrency: 2,
      onProgress: (progress) => seen.add(progress.concurrency),
    });
    expect([...seen]).toEqual([2]);
  });
});

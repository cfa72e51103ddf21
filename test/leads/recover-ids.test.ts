import { describe, expect, it } from "vitest";
import { importLeads } from "../../src/leads/import-leads.js";
import type { BatchResult } from "../../src/leads/import-options.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import { generateLeads } from "../../src/testing/index.js";
import type { FakeFault, FaultContext } from "../../src/testing/fake-instantly.js";
import { emailLeads, fakeWithClient } from "./support/fake.js";
import { CAMPAIGN_ID, LIST_ID } from "./support/spec-ids.js";

const campaign = { campaign_id: CAMPAIGN_ID };

/**
 * The field's fault mix, spread evenly over request numbers: 5% answered 429, 3% 503, 2% reset
 * before and 2% reset after the server applied the request.
 */
function faultMix({ requestNumber }: FaultContext): FakeFault | undefined {
  const roll = (requestNumber * 37) % 100;
  if (roll < 5) return { kind: "rate-limit", retryAfter: 0 };
  if (roll < 8) return { kind: "status", status: 503 };
  if (roll < 10) return { kind: "reset-before" };
  if (roll < 12) return { kind: "reset-after" };
  return undefined;
}

describe("recovering the ids of leads a lost attempt created", () => {
  it("maps every lead the server holds to its input index and ref under the fault mix (10,000 leads)", async () => {
    const { fake, client } = await fakeWithClient(
      { faults: faultMix, listLeadsFaults: faultMix },
      { maxRetries: 10 },
    );
    const leads = [...generateLeads(10_000, { seed: 11 })];
    const entries = leads.map((lead, index) => ({ lead, ref: { row: index + 2 } }));
    const report = await importLeads(client, campaign, entries, { batchSize: 100 });

    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(report.unresolved).toEqual([]);
    const held = fake.state.leadsIn(campaign);
    expect(held).toHaveLength(10_000);
    // Some batches were applied and their answers lost: those ids came from listLeads.
    const lost = fake.state.log.filter((entry) => entry.status === "reset" && entry.applied);
    expect(lost.length).toBeGreaterThan(0);
    const recovered = report.created_leads.filter((lead) => lead.recovered === true);
    expect(recovered.length).toBeGreaterThan(0);
    expect(report.lookups).toBeGreaterThan(0);
    expect(fake.state.listRequests).toBeGreaterThanOrEqual(report.lookups);

    const byId = new Map(report.created_leads.map((lead) => [lead.id, lead]));
    let mapped = 0;
    for (const lead of held) {
      const reported = byId.get(lead.id);
      if (reported === undefined) continue;
      expect(leads[reported.index]?.email).toBe(lead.email);
      expect(reported.ref).toEqual({ row: reported.index + 2 });
      mapped += 1;
    }
    expect(mapped).toBe(held.length);
    expect(report.created_leads).toHaveLength(held.length);
  }, 120_000);

  it("recovers ids when the lookup itself is throttled and dropped", async () => {
    const { fake, client } = await fakeWithClient(
      {
        faults: { 1: { kind: "reset-after" } },
        listLeadsFaults: {
          1: { kind: "rate-limit", retryAfter: 0 },
          2: { kind: "rate-limit", retryAfter: "none" },
          3: { kind: "reset-before" },
        },
      },
      { maxRetries: 3 },
    );
    const leads = emailLeads(30);
    const report = await importLeads(
      client,
      campaign,
      leads.map((lead, index) => ({ lead, ref: `crm-${index}` })),
      { batchSize: 10, concurrency: 1 },
    );
    expect(report.batches.replayed).toBe(1);
    expect(report.unresolved).toEqual([]);
    expect(report.lookups).toBe(1);
    expect(fake.state.listRequests).toBe(4);
    const recovered = report.created_leads.filter((lead) => lead.recovered === true);
    expect(recovered.map((lead) => [lead.index, lead.ref])).toEqual(
      Array.from({ length: 10 }, (_, index) => [index, `crm-${index}`]),
    );
    const ids = new Map(fake.state.leads.map((lead) => [lead.email, lead.id]));
    for (const lead of report.created_leads) expect(lead.id).toBe(ids.get(lead.email ?? ""));
    expect(report.created_leads).toHaveLength(30);
  });

  it("lists a lead the server answers as held but no lookup finds as unresolved, with its ref", async () => {
    let lostEmail: string | null | undefined;
    const { fake, client } = await fakeWithClient({
      faults: ({ requestNumber }) => {
        if (requestNumber === 1) return { kind: "reset-after" };
        // The server loses one of the leads its lost attempt created.
        const lost = fake.state.leads.splice(3, 1)[0];
        lostEmail ??= lost?.email;
        return undefined;
      },
    });
    const leads = emailLeads(10);
    const report = await importLeads(
      client,
      campaign,
      leads.map((lead, index) => ({ lead, ref: { id: index * 10 } })),
      { concurrency: 1 },
    );
    expect(lostEmail).toBe(leads[3]?.email);
    expect(report.totals.duplicated_leads).toBe(10);
    expect(report.created_leads.map((lead) => lead.index)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(report.unresolved).toEqual([
      {
        index: 3,
        ref: { id: 30 },
        message: "answered as held in the target, but 1 of 10 were not found by email",
      },
    ]);
    expect(checkReportInvariant(report)).toEqual([]);
  });

  it("looks up leads already in the target only with resolveExisting", async () => {
    const { fake, client } = await fakeWithClient();
    await importLeads(client, { list_id: LIST_ID }, emailLeads(5));
    const before = new Map(fake.state.leads.map((lead) => [lead.email, lead.id]));
    const leads = emailLeads(10);

    const plain = await importLeads(client, { list_id: LIST_ID }, leads);
    expect(plain.existing_leads).toEqual([]);
    expect(plain.lookups).toBe(0);

    const resolved = await importLeads(
      client,
      { list_id: LIST_ID },
      leads.map((lead, index) => ({ lead, ref: index })),
      { resolveExisting: true },
    );
    expect(resolved.lookups).toBe(1);
    expect(resolved.existing_leads).toEqual(
      leads.map((lead, index) => ({
        index,
        ref: index,
        email: lead.email,
        id: before.get(lead.email) ?? fake.state.leads.find((l) => l.email === lead.email)?.id,
      })),
    );
    expect(resolved.created_leads).toEqual([]);
  });

  it("tells a lead in the target long before a replayed batch from those its lost attempt created", async () => {
    const { fake, client } = await fakeWithClient({ faults: { 2: { kind: "reset-after" } } });
    const leads = emailLeads(5);
    await importLeads(client, campaign, leads.slice(0, 1));
    const [old] = fake.state.leads;
    if (old !== undefined) old.createdAt = new Date(Date.now() - 3_600_000).toISOString();
    const report = await importLeads(
      client,
      campaign,
      leads.map((lead, index) => ({ lead, ref: index })),
    );
    expect(report.batches.replayed).toBe(1);
    expect(report.existing_leads).toEqual([
      { index: 0, ref: 0, id: old?.id, email: leads[0]?.email },
    ]);
    expect(report.created_leads.map((lead) => [lead.index, lead.recovered])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
    ]);
    expect(report.unresolved).toEqual([]);
  });

  it("gives recovered leads to onBatch when the report keeps no created leads", async () => {
    const { fake, client } = await fakeWithClient({ faults: { 2: { kind: "reset-after" } } });
    const outcomes: Array<BatchResult<string>> = [];
    const report = await importLeads(
      client,
      campaign,
      emailLeads(20).map((lead, index) => ({ lead, ref: `r${index}` })),
      {
        batchSize: 10,
        concurrency: 1,
        keepCreatedLeads: false,
        onBatch: (outcome) => {
          outcomes.push(outcome);
        },
      },
    );
    expect(report.created_leads).toEqual([]);
    const created = outcomes.flatMap((outcome) => (outcome.accepted ? outcome.created_leads : []));
    expect(created).toHaveLength(fake.state.leads.length);
    expect(created.filter((lead) => lead.recovered).map((lead) => lead.ref)).toEqual(
      Array.from({ length: 10 }, (_, index) => `r${index + 10}`),
    );
    const refs = outcomes.flatMap((outcome) => (outcome.accepted ? outcome.refs : []));
    expect(refs).toEqual(Array.from({ length: 20 }, (_, index) => `r${index}`));
  });
});

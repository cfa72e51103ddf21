import { describe, expect, it } from "vitest";
import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { ReportBuilder, type ImportReport } from "../../src/leads/import-report.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import { NO_REF } from "../../src/leads/lead-entry.js";
import { addLeadsAnswer } from "../support/add-leads-answer.js";
import { notCreatedLeads } from "../../src/leads/not-created.js";

function response(sent: number, created: number[], remaining: number | null): BulkAddLeadsResponse {
  return addLeadsAnswer(sent, created.length, {
    in_blocklist: sent - created.length,
    remaining_in_plan: remaining,
    created_leads: created.map((index) => ({ index, id: `id-${index}`, email: null })),
  });
}

const NO_IDS = { recovered: [], existing: [], unresolved: [], lookups: 0 };

/** Records an accepted batch as importLeads does: created and not created leads in input positions. */
function accept(builder: ReportBuilder, indices: number[], body: BulkAddLeadsResponse): void {
  const created = body.created_leads.map((lead) => ({ ...lead, index: indices[lead.index]! }));
  const notCreated = notCreatedLeads<never>({
    indices,
    leads: indices.map(() => ({})),
    refs: indices.map(() => NO_REF),
    response: body,
    named: new Set(created.map((lead) => lead.index)),
    unresolved: new Map(),
    unreadable: false,
  });
  builder.accept(indices.length, body, [], created, notCreated, NO_IDS);
}

/** Input 0..7: 1 rejected, batch [0,2,3] accepted late, batch [4,5] accepted first, [6,7] failed. */
function sampleBuilder(): ReportBuilder {
  const builder = new ReportBuilder(8);
  for (let i = 0; i < 8; i++) builder.noteRead(i);
  builder.reject(1, [{ index: 1, field: "email", message: "must be a string or null" }], NO_REF);
  for (let i = 0; i < 3; i++) builder.noteSent();
  accept(builder, [4, 5], response(2, [1], 7));
  builder.noteAttempts({ retried: true, replayed: true });
  accept(builder, [0, 2, 3], response(3, [0, 2], 5));
  builder.noteAttempts({ retried: true, replayed: false });
  builder.fail({ indices: [6, 7], status: 400, message: "bad", replayed: false }, "sent");
  return builder;
}

describe("ReportBuilder", () => {
  it("maps created leads to input positions and sums the counters", () => {
    const report = sampleBuilder().report();
    expect(report.input_count).toBe(8);
    expect(report.created_leads.map((lead) => [lead.index, lead.id])).toEqual([
      [0, "id-0"],
      [3, "id-2"],
      [5, "id-1"],
    ]);
    expect(report.totals).toMatchObject({ total_sent: 5, leads_uploaded: 3, in_blocklist: 2 });
    expect(report.remaining_in_plan).toBe(5);
    expect(report.batches).toEqual({
      sent: 3,
      accepted: 2,
      failed: 1,
      refused: 0,
      retried: 2,
      replayed: 1,
    });
    expect(checkReportInvariant(report)).toEqual([]);
  });

  it("reports progress with the input length when known", () => {
    expect(sampleBuilder().progress()).toEqual({
      read: 8,
      done: 5,
      rejected: 1,
      refused: 0,
      failed: 2,
      uploaded: 3,
      skipped: 2,
      total: 8,
      batches: { sent: 3, accepted: 2, failed: 1, refused: 0, retried: 2, replayed: 1 },
      concurrency: 0,
      inFlight: 0,
    });
    expect(new ReportBuilder(undefined).progress()).not.toHaveProperty("total");
  });

  it("can leave created leads out, keeping the counters", () => {
    const builder = new ReportBuilder(2, false);
    builder.noteRead(1);
    builder.noteSent();
    accept(builder, [0, 1], response(2, [0, 1], 3));
    const report = builder.report();
    expect(report.created_leads).toEqual([]);
    expect(report.totals).toMatchObject({ total_sent: 2, leads_uploaded: 2 });
    expect(checkReportInvariant(report)).toEqual([]);
  });

  it("counts the leads sent itself and keeps the server's counters and anomalies beside", () => {
    const builder = new ReportBuilder(undefined);
    for (let i = 0; i < 3; i++) builder.noteRead(i);
    builder.noteSent();
    const anomaly = {
      kind: "total_sent_mismatch",
      detail: "total_sent 10 for 3 leads sent",
    } as const;
    const body = { ...response(3, [0], null), total_sent: 10 };
    builder.accept(3, body, [{ ...anomaly, indices: [0, 1, 2] }], [], [], NO_IDS);
    const report = builder.report();
    expect(report.sent).toBe(3);
    expect(report.totals.total_sent).toBe(10);
    expect(report.anomalies).toEqual([{ ...anomaly, indices: [0, 1, 2] }]);
    expect(builder.progress()).toMatchObject({ done: 3, skipped: 2 });
    expect(checkReportInvariant(report)).toEqual([]);
  });

  it("reports a stop and the leads never read", () => {
    const builder = new ReportBuilder(10);
    builder.noteRead(3);
    builder.fail({ indices: [0, 1, 2, 3], status: 403, message: "no", replayed: false }, "sent");
    builder.noteStopped({ status: 403, message: "no" }, 6);
    expect(builder.report()).toMatchObject({
      stopped: { status: 403 },
      not_read: 6,
      input_count: 4,
    });
    expect(new ReportBuilder(undefined).report()).toMatchObject({ stopped: null, not_read: 0 });
  });

  it("does not count leads that were never sent as a failed batch", () => {
    const builder = new ReportBuilder(undefined);
    builder.noteRead(1);
    builder.fail({ indices: [0, 1], message: "not sent", replayed: false }, "not_sent");
    const report = builder.report();
    expect(report.batches.failed).toBe(0);
    expect(checkReportInvariant(report)).toEqual([]);
  });
});

describe("checkReportInvariant", () => {
  const sound = () => sampleBuilder().report();
  it.each<[string, (report: ImportReport) => void, string]>([
    [
      "an index rejected and failed",
      (r) => r.failed[0]?.indices.push(1),
      "index 1 is in failed and already elsewhere (1)",
    ],
    [
      "a created lead outside the input",
      (r) => r.created_leads.push({ index: 8, id: "x" }),
      "created_leads has index 8, outside 0..7",
    ],
    [
      "a created lead that also failed",
      (r) => r.created_leads.push({ index: 6, id: "x" }),
      "index 6 is in created_leads and already elsewhere (2)",
    ],
    [
      "a lead missing from the accounts",
      (r) => (r.input_count = 9),
      "input_count 9 != sent 5 + rejected 1 + refused 0 + failed 2",
    ],
    [
      "a lead both refused and failed",
      (r) => r.refused.push({ index: r.failed[0]!.indices[0]!, status: 400, message: "no" }),
      "index 6 is in failed and already elsewhere (4)",
    ],
    [
      "a batch counted neither accepted nor failed",
      (r) => (r.batches.sent = 4),
      "batches: accepted 2 + failed 1 + refused 0 != sent 4",
    ],
  ])("finds %s", (_name, breakIt, problem) => {
    const report = sound();
    breakIt(report);
    expect(checkReportInvariant(report)).toContain(problem);
  });
});

import { describe, expect, it } from "vitest";
import { importLeads } from "../../src/leads/import-leads.js";
import { InstantlyImportAbortedError } from "../../src/leads/errors.js";
import type { LeadOutcome } from "../../src/leads/lead-outcome.js";
import type { ImportReport } from "../../src/leads/import-report.js";
import { fakeWithClient } from "./support/fake.js";
import { CAMPAIGN_ID } from "./support/spec-ids.js";

type Entry = { lead: Record<string, unknown>; ref: string };

const entries = (leads: Array<Record<string, unknown>>): Entry[] =>
  leads.map((lead, row) => ({ lead, ref: `row-${row}` }));

/** Every outcome given, and each ref's status from the report's own lists, to compare. */
function statusesOfReport(report: ImportReport<string>): Map<string, string> {
  const statuses = new Map<string, string>();
  const note = (ref: string | undefined, status: string) => {
    expect(statuses.has(ref!), `${ref} named twice in the report`).toBe(false);
    statuses.set(ref!, status);
  };
  for (const lead of report.created_leads) note(lead.ref, lead.recovered ? "recovered" : "created");
  for (const lead of report.existing_leads) note(lead.ref, "existing");
  for (const lead of report.not_created) note(lead.ref, "not_created");
  for (const lead of report.rejected) note(lead.ref, "rejected");
  for (const lead of report.refused) note(lead.ref, "refused");
  for (const failure of report.failed) {
    const status = failure.message.startsWith("not sent") ? "not_sent" : "failed";
    for (const ref of failure.refs) note(ref, status);
  }
  return statuses;
}

function byRef(outcomes: LeadOutcome<string>[]): Map<string, LeadOutcome<string>> {
  const found = new Map<string, LeadOutcome<string>>();
  for (const outcome of outcomes) {
    expect(found.has(outcome.ref), `${outcome.ref} given twice`).toBe(false);
    found.set(outcome.ref, outcome);
  }
  return found;
}

describe("importLeads onOutcome", () => {
  it("gives every lead once, with the status the report lists it under", async () => {
    const { client } = await fakeWithClient({
      blocklist: ["@blocked.example"],
      leadRule: { matches: "_" },
    });
    const input = entries([
      { email: "ann@x.example" },
      { email: "bob@blocked.example" },
      { email: "ANN@x.example" },
      { email: "not an email" },
      { first_name: "Dee" },
      { email: "e_f@x.example" },
      { email: "cy@x.example" },
    ]);
    const outcomes: LeadOutcome<string>[] = [];
    const report = await importLeads(client, { campaign_id: CAMPAIGN_ID }, input, {
      batchSize: 10,
      onOutcome: (settled) => outcomes.push(...settled),
    });
    const given = byRef(outcomes);
    const listed = statusesOfReport(report);
    expect([...given.keys()].sort()).toEqual(input.map((entry) => entry.ref).sort());
    for (const [ref, outcome] of given) expect(outcome.status, ref).toBe(listed.get(ref));
    const created = new Map(report.created_leads.map((lead) => [lead.ref, lead.id]));
    expect(given.get("row-0")).toEqual({
      index: 0,
      ref: "row-0",
      status: "created",
      id: created.get("row-0"),
    });
    expect(given.get("row-1")).toMatchObject({ status: "not_created", cause: "counters" });
    expect(given.get("row-2")).toMatchObject({ status: "not_created", cause: "duplicate" });
    expect(given.get("row-3")).toMatchObject({ status: "not_created", cause: "invalid_email" });
    expect(given.get("row-4")).toMatchObject({
      status: "rejected",
      message: expect.stringMatching(/email/),
    });
    expect(given.get("row-5")).toMatchObject({
      status: "refused",
      http_status: 400,
      message: expect.stringMatching(/email is not valid/),
    });
  });

  it("tells a failed batch from leads never sent after a stop", async () => {
    // No retries: the first batch fails on its 500, the second's 401 stops the import.
    const { client } = await fakeWithClient(
      { faults: { 1: { kind: "status", status: 500 }, 2: { kind: "status", status: 401 } } },
      { maxRetries: 0 },
    );
    const outcomes: LeadOutcome<string>[] = [];
    const input = entries([1, 2, 3, 4, 5, 6].map((n) => ({ email: `l${n}@x.example` })));
    const report = await importLeads(client, { campaign_id: CAMPAIGN_ID }, input, {
      batchSize: 2,
      concurrency: 1,
      onOutcome: (settled) => outcomes.push(...settled),
    });
    const given = byRef(outcomes);
    const listed = statusesOfReport(report);
    for (const [ref, outcome] of given) expect(outcome.status, ref).toBe(listed.get(ref));
    expect([...given.values()].map((outcome) => outcome.status)).toEqual([
      "failed",
      "failed",
      "failed",
      "failed",
      "not_sent",
      "not_sent",
    ]);
    expect(given.get("row-0")).toMatchObject({ http_status: 500 });
    expect(given.get("row-2")).toMatchObject({ http_status: 401 });
    expect(given.size).toBe(report.input_count);
  });

  it("gives leads read and not sent when the caller aborts as not_sent", async () => {
    const { client } = await fakeWithClient({ faults: () => ({ kind: "delay", ms: 200 }) });
    const controller = new AbortController();
    const outcomes: LeadOutcome<string>[] = [];
    const input = entries(Array.from({ length: 30 }, (_, n) => ({ email: `l${n}@x.example` })));
    const error = await importLeads(client, { campaign_id: CAMPAIGN_ID }, input, {
      batchSize: 5,
      concurrency: 1,
      signal: controller.signal,
      onOutcome: (settled) => outcomes.push(...settled),
      onProgress: () => controller.abort(),
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InstantlyImportAbortedError);
    const report = (error as InstantlyImportAbortedError<string>).report;
    const given = byRef(outcomes);
    expect(given.size).toBe(report.input_count);
    const listed = statusesOfReport(report);
    for (const [ref, outcome] of given) {
      if (listed.get(ref) === "failed" && outcome.status === "not_sent") continue;
      expect(outcome.status, ref).toBe(listed.get(ref));
    }
  });
});

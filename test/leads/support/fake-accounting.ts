import type { ImportReport } from "../../../src/leads/import-report.js";
import type { BatchOutcome } from "../../../src/leads/send-batch.js";
import type {
  FakeFault,
  FakeInstantly,
  FaultContext,
} from "../../../src/testing/fake-instantly.js";

type Email = string | null | undefined;

/** A batch as the server can recognise it in every attempt: its first email and its size. */
export function batchKey(emails: readonly Email[]): string {
  return `${String(emails[0])}|${emails.length}`;
}

/** A fault script that also records which batch each request carried. */
export function recordingFaults(schedule: (requestNumber: number) => FakeFault | undefined) {
  const requests = new Map<number, { key: string; count: number }>();
  const faults = ({ requestNumber, body }: FaultContext): FakeFault | undefined => {
    const leads = (body as { leads: Array<{ email?: Email }> }).leads;
    requests.set(requestNumber, { key: batchKey(leads.map((l) => l.email)), count: leads.length });
    return schedule(requestNumber);
  };
  return { faults, requests };
}

/** What the fake's own records say about an import, next to the report's figures. */
export interface FakeAccounting {
  /** Requests the server applied whose answer the import did not use (lost, 5xx, timed out). */
  lostApplied: Set<number>;
  /** Attempts per batch at the server. */
  attempts: Map<string, number[]>;
  problems: string[];
}

/**
 * Reconciles a report with the fake server: an accepted batch's answer is its last attempt; every
 * other applied attempt was lost. Report counters and created leads must equal the fake's for the
 * answered attempts, and the lost attempts must explain the rest of the fake's totals and leads;
 * the leads of a lost attempt of a batch accepted in the end are recovered, each once.
 */
export function accountAgainstFake(
  fake: FakeInstantly,
  input: ReadonlyArray<{ email?: Email }>,
  report: ImportReport,
  outcomes: readonly BatchOutcome[],
  requests: Map<number, { key: string; count: number }>,
): FakeAccounting {
  const problems: string[] = [];
  const attempts = new Map<string, number[]>();
  for (const [number, { key }] of [...requests].sort((a, b) => a[0] - b[0])) {
    attempts.set(key, [...(attempts.get(key) ?? []), number]);
  }
  const log = new Map(fake.state.log.map((entry) => [entry.requestNumber, entry]));
  const answered = new Map<number, number[]>();
  for (const outcome of outcomes) {
    if (!outcome.accepted) continue;
    const key = batchKey(outcome.indices.map((index) => input[index]?.email));
    const last = attempts.get(key)?.at(-1);
    const entry = last === undefined ? undefined : log.get(last);
    if (last === undefined || entry?.status !== 200 || !entry.applied) {
      problems.push(`accepted batch ${key} has no applied 200 as its last attempt`);
    } else {
      answered.set(last, outcome.indices);
    }
  }
  const lostApplied = new Set(
    fake.state.log
      .filter((e) => e.applied && !answered.has(e.requestNumber))
      .map((e) => e.requestNumber),
  );

  // Counters: the fake's totals are the report's plus what the lost attempts did.
  const lostSent = [...lostApplied].reduce((sum, n) => sum + (requests.get(n)?.count ?? 0), 0);
  const lostLeads = fake.state.leads.filter((lead) => lostApplied.has(lead.requestNumber));
  const { totals } = fake.state;
  const expect = (what: string, actual: number, expected: number) => {
    if (actual !== expected) problems.push(`${what}: ${actual} != ${expected}`);
  };
  expect("fake total_sent", totals.total_sent, report.totals.total_sent + lostSent);
  expect(
    "fake leads_uploaded",
    totals.leads_uploaded,
    report.totals.leads_uploaded + lostLeads.length,
  );
  const skippedDiff = (Object.keys(totals) as Array<keyof typeof totals>)
    .filter((name) => name !== "total_sent" && name !== "leads_uploaded")
    .reduce((sum, name) => sum + totals[name] - report.totals[name], 0);
  expect("fake skip counters beyond the report's", skippedDiff, lostSent - lostLeads.length);

  // Created leads: exactly the fake's leads of the answered attempts, at the right input index.
  const fakeById = new Map(fake.state.leads.map((lead) => [lead.id, lead]));
  const reported = new Set<string>();
  const recovered = new Set<string>();
  for (const created of report.created_leads) {
    const lead = fakeById.get(created.id);
    if (created.recovered === true) {
      // Created by an attempt whose answer was lost, its id looked up by email afterwards; or
      // the lead of an earlier row with the same email (a repeated email looks the same).
      if (!lead || !(lostApplied.has(lead.requestNumber) || answered.has(lead.requestNumber)))
        problems.push(`recovered lead ${created.id} is not from this import`);
      else if (input[created.index]?.email?.trim().toLowerCase() !== lead.email?.toLowerCase())
        problems.push(`recovered lead ${created.id} has another email`);
      if (lostApplied.has(lead?.requestNumber ?? 0) && recovered.has(created.id))
        problems.push(`lead ${created.id} is recovered twice`);
      recovered.add(created.id);
      continue;
    }
    const indices = lead && answered.get(lead.requestNumber);
    if (!lead || !indices)
      problems.push(`created lead ${created.id} is not from an answered attempt`);
    else if (indices[lead.index] !== created.index)
      problems.push(`created lead ${created.id} has index ${created.index}`);
    else if (input[created.index]?.email?.trim() !== lead.email)
      problems.push(`created lead ${created.id} has another email`);
    if (reported.has(created.id)) problems.push(`created lead ${created.id} is reported twice`);
    reported.add(created.id);
  }
  // A lost attempt of a batch that was accepted in the end: its leads' ids were looked up.
  const acceptedKeys = new Set([...answered.keys()].map((number) => requests.get(number)?.key));
  for (const lead of fake.state.leads) {
    if (answered.has(lead.requestNumber) && !reported.has(lead.id)) {
      problems.push(`fake lead ${lead.id} of an answered attempt is missing from created_leads`);
    }
    const lostOfAccepted =
      lostApplied.has(lead.requestNumber) &&
      acceptedKeys.has(requests.get(lead.requestNumber)?.key);
    if (lostOfAccepted && !recovered.has(lead.id)) {
      problems.push(
        `fake lead ${lead.id} of a lost attempt of an accepted batch was not recovered`,
      );
    }
  }
  return { lostApplied, attempts, problems };
}

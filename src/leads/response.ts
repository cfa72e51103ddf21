import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { ResponseAnomaly } from "./anomalies.js";
import { mapCreatedLeads } from "./created-leads.js";
import type { TargetKind } from "../spec/lead-target.js";

/** The counters of the 200 body, summed by importLeads; `satisfies` ties the names to the spec. */
export const RESPONSE_COUNTERS = [
  "total_sent",
  "leads_uploaded",
  "in_blocklist",
  "duplicated_leads",
  "skipped_count",
  "invalid_email_count",
  "incomplete_count",
  "duplicate_email_count",
] as const satisfies readonly (keyof BulkAddLeadsResponse)[];

export type ResponseCounters = Record<(typeof RESPONSE_COUNTERS)[number], number>;

/** The counters of leads sent but not created, each for its own reason. */
export const SKIP_COUNTERS = RESPONSE_COUNTERS.filter(
  (name) => name !== "total_sent" && name !== "leads_uploaded",
);

// The spec's descriptions: incomplete_count is "only calculated for lists", remaining_in_plan
// "only present" with a campaign; their absence elsewhere is what the spec says, not an anomaly.
const ONLY_FOR_LISTS = "incomplete_count";
const ONLY_FOR_CAMPAIGNS = "remaining_in_plan";

/** The spec's `status` of a processed request. */
const SUCCESS = "success";

export function zeroCounters(): ResponseCounters {
  return Object.fromEntries(RESPONSE_COUNTERS.map((name) => [name, 0])) as ResponseCounters;
}

/** A 2xx body read tolerantly: every documented field present, and how the body differed. */
export interface AddLeadsAnswer {
  /**
   * The server's values where they have the documented type; a missing or mistyped counter reads
   * 0, `blocklist_used` and `remaining_in_plan` null, `status` "" and `created_leads` only the
   * entries tied to a lead of the batch, each with that lead's position as `index`.
   */
  body: BulkAddLeadsResponse;
  anomalies: ResponseAnomaly[];
}

/** What was sent: the target's kind and the leads of the batch. */
export interface SentLeads {
  kind: TargetKind;
  leads: readonly unknown[];
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function plural(count: number, what: string): string {
  return `${count} ${what}${count === 1 ? "" : "s"}`;
}

function emptyBody(): BulkAddLeadsResponse {
  return {
    status: "",
    ...zeroCounters(),
    blocklist_used: null,
    remaining_in_plan: null,
    created_leads: [],
  };
}

/**
 * Reads a 2xx body of bulkAddLeads tolerantly, checking it against the spec's 200 schema (its
 * counters, types and required fields, as the generated types state them). A 2xx means the
 * server applied the batch, so this never throws: every difference becomes an anomaly.
 */
export function readAddLeadsResponse(text: string | undefined, sent: SentLeads): AddLeadsAnswer {
  const anomalies: ResponseAnomaly[] = [];
  const body = emptyBody();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? "");
  } catch {
    const detail = text
      ? `${text.length} characters starting ${JSON.stringify(text.slice(0, 60))}`
      : "an empty body";
    return { body, anomalies: [{ kind: "not_json", detail }] };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    const detail = `${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}`;
    return { body, anomalies: [{ kind: "not_object", detail }] };
  }
  const record = parsed as Record<string, unknown>;
  const note = (kind: ResponseAnomaly["kind"], detail: string) => anomalies.push({ kind, detail });
  let countersKnown = true;
  for (const name of RESPONSE_COUNTERS) {
    const value = record[name];
    if (isCount(value)) body[name] = value;
    else if (value === undefined) {
      if (name === ONLY_FOR_LISTS && sent.kind === "campaign") continue;
      countersKnown = false;
      note("missing_field", `${name} is missing`);
    } else {
      countersKnown = false;
      note("invalid_field", `${name} is ${JSON.stringify(value)}, not a count`);
    }
  }
  readStatus(record, body, note);
  readNullable(record, "blocklist_used", (v) => typeof v === "string", body, note, true);
  readNullable(record, ONLY_FOR_CAMPAIGNS, isCount, body, note, sent.kind === "campaign");
  const leadsSent = sent.leads.length;
  if (isCount(record.total_sent) && record.total_sent !== leadsSent) {
    note(
      "total_sent_mismatch",
      `total_sent ${String(record.total_sent)} for ${plural(leadsSent, "lead")} sent`,
    );
  }
  if (countersKnown) {
    const skipped = SKIP_COUNTERS.reduce((sum, name) => sum + body[name], 0);
    if (body.leads_uploaded + skipped !== body.total_sent) {
      note(
        "counters_mismatch",
        `leads_uploaded ${body.leads_uploaded} + skipped ${skipped} != total_sent ${body.total_sent}`,
      );
    }
  }
  const entries = record.created_leads;
  if (Array.isArray(entries)) {
    body.created_leads = mapCreatedLeads(entries, sent.leads, anomalies);
    if (record.leads_uploaded !== undefined && entries.length !== body.leads_uploaded) {
      note(
        "counters_mismatch",
        `leads_uploaded ${body.leads_uploaded} but ${plural(entries.length, "created lead")} listed`,
      );
    }
  } else if (entries === undefined) note("missing_field", "created_leads is missing");
  else note("invalid_field", `created_leads is ${JSON.stringify(entries)}, not an array`);
  return { body, anomalies };
}

type Note = (kind: ResponseAnomaly["kind"], detail: string) => void;

function readStatus(record: Record<string, unknown>, body: BulkAddLeadsResponse, note: Note) {
  const { status } = record;
  if (typeof status === "string") body.status = status;
  if (status === undefined) note("missing_field", "status is missing");
  else if (status !== SUCCESS) note("status", `status ${JSON.stringify(status)}`);
}

function readNullable(
  record: Record<string, unknown>,
  name: "blocklist_used" | "remaining_in_plan",
  valid: (value: unknown) => boolean,
  body: BulkAddLeadsResponse,
  note: Note,
  required: boolean,
) {
  const value = record[name];
  if (value === null) return;
  if (valid(value)) (body as Record<string, unknown>)[name] = value;
  else if (value === undefined) {
    if (required) note("missing_field", `${name} is missing`);
  } else note("invalid_field", `${name} is ${JSON.stringify(value)}`);
}

/**
 * Why a campaign's 2xx body says the plan is full, or undefined: remaining_in_plan 0, and no lead
 * created although some were neither skipped nor refused for a reason the counters give.
 */
export function planFullReason(body: BulkAddLeadsResponse, sent: SentLeads): string | undefined {
  if (sent.kind !== "campaign" || body.remaining_in_plan !== 0 || body.leads_uploaded !== 0) {
    return undefined;
  }
  const skipped = SKIP_COUNTERS.reduce((sum, name) => sum + body[name], 0);
  const refused = sent.leads.length - skipped;
  if (refused <= 0) return undefined;
  return `the plan is full: remaining_in_plan 0, and none of ${plural(refused, "valid lead")} uploaded`;
}

/** The counters of `a` plus those of `b`, key by key. */
export function addTotals(a: ResponseCounters, b: ResponseCounters): ResponseCounters {
  const sum = zeroCounters();
  for (const name of RESPONSE_COUNTERS) sum[name] = a[name] + b[name];
  return sum;
}

export function totalsOf(response: BulkAddLeadsResponse): ResponseCounters {
  const totals = zeroCounters();
  for (const name of RESPONSE_COUNTERS) totals[name] = response[name];
  return totals;
}

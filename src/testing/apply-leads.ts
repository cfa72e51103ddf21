import { randomUUID } from "node:crypto";
import type {
  BulkAddLeadsBody,
  BulkAddLeadsLead,
  BulkAddLeadsResponse,
} from "../../generated/client.gen.js";
import { isValidEmail, presentText } from "./email-rules.js";
import { zeroCounters } from "../leads/response.js";
import type { WorkspaceState } from "./fake-state.js";
import type { FakeTarget, FakeTotals } from "./fake-instantly.js";

/** The workspace default blocklist, reported in `blocklist_used` when no `blocklist_id` is given. */
export const DEFAULT_BLOCKLIST_ID = "0190b10c-0000-7000-8000-000000000001";

/** The counter a lead that is not created lands in. */
type SkipCounter = Exclude<keyof FakeTotals, "total_sent" | "leads_uploaded">;

/** One request's view of the workspace: what it needs to classify each lead. */
interface Classifier {
  target: FakeTarget;
  body: BulkAddLeadsBody;
  state: WorkspaceState;
  isBlocked: (email: string) => boolean;
  seen: Set<string>;
}

/**
 * Applies one valid request to the workspace and builds its 200 body. Each lead gets the first
 * matching outcome, in the order the response fields describe them:
 * 1. email: for a campaign, missing or invalid -> invalid_email_count; for a list, none of email,
 *    first_name, last_name -> incomplete_count, else a given but invalid email -> invalid_email_count;
 * 2. email or its domain on the blocklist -> in_blocklist;
 * 3. email repeated earlier in this request (case-insensitive) -> duplicate_email_count;
 * 4. email already in this campaign or list -> duplicated_leads;
 * 5. a `skip_if_in_*` flag matches (skip_if_in_workspace overrides the others) -> skipped_count;
 * 6. otherwise created. A list lead without an email is always created: nothing to dedupe on.
 */
export function applyLeads(
  state: WorkspaceState,
  target: FakeTarget,
  body: BulkAddLeadsBody,
  requestNumber: number,
  isBlocked: (email: string) => boolean,
): BulkAddLeadsResponse {
  const counts: FakeTotals = { ...zeroCounters(), total_sent: body.leads.length };
  const created: BulkAddLeadsResponse["created_leads"] = [];
  const classifier: Classifier = { target, body, state, isBlocked, seen: new Set() };
  body.leads.forEach((lead, index) => {
    const skipped = classify(classifier, lead);
    if (skipped !== undefined) {
      counts[skipped] += 1;
      return;
    }
    const summary = {
      index,
      id: randomUUID(),
      email: presentText(lead.email) ?? null,
      first_name: lead.first_name ?? null,
      last_name: lead.last_name ?? null,
      phone: lead.phone ?? null,
    };
    state.addLead({ ...summary, target, requestNumber, createdAt: new Date().toISOString(), lead });
    created.push(summary);
  });
  counts.leads_uploaded = created.length;
  state.addTotals(counts);
  const isCampaign = "campaign_id" in target;
  if (isCampaign) state.remainingInPlan = Math.max(0, state.remainingInPlan - created.length);
  // In the spec's order of fields, as the API sends them.
  return {
    status: "success",
    total_sent: counts.total_sent,
    leads_uploaded: counts.leads_uploaded,
    in_blocklist: counts.in_blocklist,
    blocklist_used: body.blocklist_id ?? DEFAULT_BLOCKLIST_ID,
    duplicated_leads: counts.duplicated_leads,
    skipped_count: counts.skipped_count,
    invalid_email_count: counts.invalid_email_count,
    incomplete_count: counts.incomplete_count,
    duplicate_email_count: counts.duplicate_email_count,
    remaining_in_plan: isCampaign ? state.remainingInPlan : null,
    created_leads: created,
  };
}

/** The counter a lead is skipped into, or undefined when it is to be created. */
function classify(request: Classifier, lead: BulkAddLeadsLead): SkipCounter | undefined {
  const { target, body, state } = request;
  const email = presentText(lead.email);
  if ("campaign_id" in target) {
    if (email === undefined || !isValidEmail(email)) return "invalid_email_count";
  } else if (email === undefined) {
    const named = presentText(lead.first_name) ?? presentText(lead.last_name);
    return named === undefined ? "incomplete_count" : undefined;
  } else if (!isValidEmail(email)) {
    return "invalid_email_count";
  }
  if (request.isBlocked(email)) return "in_blocklist";
  const key = email.toLowerCase();
  if (request.seen.has(key)) return "duplicate_email_count";
  request.seen.add(key);
  if (state.isInTarget(target, key)) return "duplicated_leads";
  const skip = body.skip_if_in_workspace
    ? state.isInAnyCampaign(key) || state.isInAnyList(key)
    : (body.skip_if_in_campaign === true && state.isInAnyCampaign(key)) ||
      (body.skip_if_in_list === true && state.isInAnyList(key));
  return skip ? "skipped_count" : undefined;
}

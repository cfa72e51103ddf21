import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { refAt, withRef, type Ref } from "./lead-entry.js";
import type { NotCreatedLead } from "./import-report.js";
import type { NotCreatedCause } from "./lead-outcome.js";
import { emailSyntaxProblem } from "./email-syntax.js";
import { EMAIL } from "./lead-fields.js";
import { normalEmail } from "./recover-ids.js";
import { SKIP_COUNTERS } from "./response.js";

/** One accepted batch as settled: its leads and what the answer and the ids lookup tied to them. */
export interface SettledBatch<R> {
  indices: readonly number[];
  leads: readonly unknown[];
  refs: readonly Ref<R>[];
  response: BulkAddLeadsResponse;
  /** Input indices already named: created (recovered included) and existing. */
  named: ReadonlySet<number>;
  /** Unresolved leads' messages by input index: they are not created as far as anyone can tell. */
  unresolved: ReadonlyMap<number, string>;
  /** The 2xx body could not be read. */
  unreadable: boolean;
}

/** What the API will say of the lead's email, when no mail system would accept it. */
function unusableEmail(lead: unknown): string | undefined {
  const email = (lead as Record<string, unknown> | null)?.[EMAIL];
  if (typeof email !== "string") return undefined;
  const problem = emailSyntaxProblem(email.trim());
  return problem === undefined
    ? undefined
    : `the API counts ${JSON.stringify(email)} invalid: ${problem}`;
}

/** What the answer's counters say of the leads it did not create, e.g. `2 invalid email`. */
function countersText(response: BulkAddLeadsResponse): string {
  const reasons = SKIP_COUNTERS.filter((name) => response[name] > 0).map(
    (name) => `${response[name]} ${name}`,
  );
  const created = `the API created ${response.leads_uploaded} of ${response.total_sent} leads of this batch`;
  return reasons.length === 0 ? created : `${created} (${reasons.join(", ")})`;
}

// What the API's counter of leads it did not create means, said of one lead.
const COUNTER_REASONS: Readonly<Record<(typeof SKIP_COUNTERS)[number], string>> = {
  in_blocklist: "its email or domain is on the blocklist",
  duplicated_leads: "a lead with this email is already in the target",
  skipped_count: "the API skipped it (a skip_if_in_* option)",
  invalid_email_count: "the API counted its email invalid",
  incomplete_count: "the API counted it incomplete",
  duplicate_email_count: "the API counted its email a duplicate within the batch",
};

// A reason inferred from a counter keeps the cause a named reason would have had.
const COUNTER_CAUSES: Partial<Record<(typeof SKIP_COUNTERS)[number], NotCreatedCause>> = {
  invalid_email_count: "invalid_email",
  duplicate_email_count: "duplicate",
};

/**
 * The one reason left for the leads no reason names: the batch's counters, less the leads whose
 * reason is known, leave one counter with exactly as many leads as are unexplained (so each of
 * them is one of those); undefined when they leave more than one, or do not add up.
 */
function onlyReasonLeft(
  response: BulkAddLeadsResponse,
  explained: { duplicate: number; invalid: number; held: number },
  unexplained: number,
): (typeof SKIP_COUNTERS)[number] | undefined {
  const left = new Map(SKIP_COUNTERS.map((name) => [name, response[name]]));
  left.set("duplicate_email_count", response.duplicate_email_count - explained.duplicate);
  left.set("invalid_email_count", response.invalid_email_count - explained.invalid);
  left.set("duplicated_leads", response.duplicated_leads - explained.held);
  if ([...left.values()].some((count) => count < 0)) return undefined;
  const positive = [...left].filter(([, count]) => count > 0);
  const [only] = positive;
  return positive.length === 1 && only![1] === unexplained ? only![0] : undefined;
}

/**
 * Every lead of an accepted batch that no other list names: sent, applied and not created, so that
 * created + existing + not_created names every lead of the batch once. Unresolved leads are among
 * them, with the lookup's message.
 */
export function notCreatedLeads<R>(batch: SettledBatch<R>): NotCreatedLead<R>[] {
  const { indices, leads, refs, response } = batch;
  const firstByEmail = new Map<string, number>();
  const out: NotCreatedLead<R>[] = [];
  let counters: string | undefined;
  leads.forEach((lead, position) => {
    const index = indices[position]!;
    const email = normalEmail(lead);
    const first = email === undefined ? undefined : firstByEmail.get(email);
    if (email !== undefined && first === undefined) firstByEmail.set(email, index);
    if (batch.named.has(index)) return;
    const unresolved = batch.unresolved.get(index);
    const invalid = response.invalid_email_count > 0 ? unusableEmail(lead) : undefined;
    let reason: { message: string; cause: NotCreatedCause; duplicate_of?: number };
    if (unresolved !== undefined) reason = { message: unresolved, cause: "unresolved" };
    else if (first !== undefined) {
      const message = `the same email as input lead ${first} of this batch: the API keeps one`;
      reason = { message, cause: "duplicate", duplicate_of: first };
    } else if (invalid !== undefined) reason = { message: invalid, cause: "invalid_email" };
    else if (batch.unreadable) {
      reason = {
        message:
          "the answer could not be read, and the lead has no email to look it up by: it may have been created",
        cause: "unreadable",
      };
    } else reason = { message: (counters ??= countersText(response)), cause: "counters" };
    out.push(withRef({ index, ...reason }, refAt(refs, position)));
  });
  return counters === undefined ? out : narrowed(out, batch);
}

/** The counters' message of unexplained leads narrowed to the one reason left, if one is. */
function narrowed<R>(leads: NotCreatedLead<R>[], batch: SettledBatch<R>): NotCreatedLead<R>[] {
  const count = (cause: NotCreatedCause) => leads.filter((lead) => lead.cause === cause).length;
  const { response } = batch;
  const created = response.created_leads.length;
  const explained = {
    duplicate: count("duplicate"),
    invalid: count("invalid_email"),
    // Recovered and existing leads, and those the answer says are held but no lookup found.
    held: batch.named.size - created + batch.unresolved.size,
  };
  const only = onlyReasonLeft(response, explained, count("counters"));
  if (only === undefined) return leads;
  const message = `${COUNTER_REASONS[only]} (the one reason this batch's counters leave: ${response[only]} ${only})`;
  const cause = COUNTER_CAUSES[only] ?? "counters";
  return leads.map((lead) => (lead.cause === "counters" ? { ...lead, message, cause } : lead));
}

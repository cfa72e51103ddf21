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
        message: "the answer could not be read, and the lead has no email to look it up by",
        cause: "unreadable",
      };
    } else reason = { message: (counters ??= countersText(response)), cause: "counters" };
    out.push(withRef({ index, ...reason }, refAt(refs, position)));
  });
  return out;
}

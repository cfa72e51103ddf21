import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { refAt, withRef, type Ref, type RefField } from "./lead-entry.js";
import { normalEmail } from "./recover-ids.js";
import { SKIP_COUNTERS } from "./response.js";

/**
 * A lead of an accepted batch that the server applied and did not create: the answer's counters
 * say how many were not created and why (blocklisted, invalid email, already in the target...),
 * not which lead. `message` says what can be known: the earlier lead of the same batch whose email
 * it repeats (`duplicate_of`, its input index), else the batch's counters.
 */
export type NotCreatedLead<R = never> = {
  index: number;
  message: string;
  duplicate_of?: number;
} & RefField<R>;

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
  if (batch.named.size === indices.length) return [];
  const firstByEmail = new Map<string, number>();
  const out: NotCreatedLead<R>[] = [];
  let counters: string | undefined;
  leads.forEach((lead, position) => {
    const index = indices[position]!;
    const email = normalEmail(lead);
    const first = email === undefined ? undefined : firstByEmail.get(email);
    if (email !== undefined && first === undefined) firstByEmail.set(email, index);
    if (batch.named.has(index)) return;
    const ref = refAt(refs, position);
    const unresolved = batch.unresolved.get(index);
    if (unresolved !== undefined) {
      out.push(withRef({ index, message: unresolved }, ref));
    } else if (first !== undefined) {
      const message = `the same email as input lead ${first} of this batch: the API keeps one`;
      out.push(withRef({ index, message, duplicate_of: first }, ref));
    } else if (batch.unreadable) {
      const message = "the answer could not be read, and the lead has no email to look it up by";
      out.push(withRef({ index, message }, ref));
    } else {
      counters ??= countersText(response);
      out.push(withRef({ index, message: counters }, ref));
    }
  });
  return out;
}

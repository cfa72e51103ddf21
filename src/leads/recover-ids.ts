import { fullFormats } from "ajv-formats/dist/formats.js";
import type {
  BulkAddLeadsResponse,
  ListLeadsBody,
  ListLeadsResponse,
} from "../../generated/client.gen.js";
import { listLeadsSpec } from "../../generated/constraints.gen.js";
import { apiErrorFromResponse } from "../client/errors.js";
import type { InstantlyClient } from "../client/client-types.js";
import { withRef, type Ref } from "./lead-entry.js";
import { EMAIL, emailKey } from "./lead-fields.js";
import type { BatchIds, CreatedLead, UnresolvedLead } from "./import-report.js";
import { specNames } from "../spec/spec-names.js";
import type { TargetKind } from "../spec/lead-target.js";

const [CAMPAIGN, LIST_ID, CONTACTS, LIMIT, STARTING_AFTER] = specNames(
  ["campaign", "list_id", "contacts", "limit", "starting_after"],
  listLeadsSpec.requestBody.properties,
  "the listLeads body",
);
/** Emails per lookup: one page of the largest size the spec allows holds all their leads. */
const PAGE_SIZE = listLeadsSpec.requestBody.schema.properties.limit.maximum;
// `contacts` items have format "email": an address the server would refuse is never looked up.
const EMAIL_FORMAT = fullFormats.email as RegExp;

type ListedLead = ListLeadsResponse["items"][number];
/**
 * How far the server's clock may be behind ours: a lead created earlier than this before its batch
 * was first sent was in the target before the import, not created by the batch's lost attempt.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The target of a lookup: the campaign or list the leads were imported into. */
export interface LookupTarget {
  kind: TargetKind;
  id: string;
}

/** One sent lead of an accepted batch: its lead, position in the input and ref (NO_REF if none). */
export interface SentLead<R = unknown> {
  lead: unknown;
  index: number;
  ref: Ref<R>;
  /** An earlier attempt (e.g. of an interrupted run) may have created it: see lookUpBatchIds. */
  maybeApplied?: boolean;
}

/** A lead's email as the API matches it (trimmed, lower case), when it has a valid one. */
export function normalEmail(lead: unknown): string | undefined {
  const email = emailKey((lead as Record<string, unknown> | null)?.[EMAIL]);
  // The format ignores case, so the key is tested as it is.
  return email !== undefined && EMAIL_FORMAT.test(email) ? email : undefined;
}

/**
 * The leads of the target with these emails, by lowercase email, through listLeads' `contacts`
 * filter and its cursor (`starting_after` / `next_starting_after`). Lookups are reads, so the
 * client retries them on 5xx and dropped connections as well as 429.
 */
export async function findLeadsByEmail(
  client: InstantlyClient,
  target: LookupTarget,
  emails: readonly string[],
  signal: AbortSignal | undefined,
): Promise<{ found: Map<string, ListedLead>; lookups: number }> {
  const found = new Map<string, ListedLead>();
  let lookups = 0;
  const fetch = client.fetchWith({ replaySafe: true });
  for (let start = 0; start < emails.length; start += PAGE_SIZE) {
    const contacts = emails.slice(start, start + PAGE_SIZE);
    let cursor: string | undefined;
    do {
      const body: ListLeadsBody = {
        [target.kind === "campaign" ? CAMPAIGN : LIST_ID]: target.id,
        [CONTACTS]: contacts,
        [LIMIT]: PAGE_SIZE,
        ...(cursor === undefined ? {} : { [STARTING_AFTER]: cursor }),
      };
      lookups += 1;
      const { data, error, response } = await client.POST(listLeadsSpec.path, {
        body,
        signal,
        fetch,
      });
      if (!response.ok || data === undefined) throw apiErrorFromResponse(response, error);
      const items = Array.isArray(data.items) ? data.items : [];
      for (const item of items) {
        const email = emailKey(item?.email);
        if (typeof item?.id === "string" && email !== undefined && !found.has(email)) {
          found.set(email, item);
        }
      }
      // A cursor that does not move, or an empty page, ends the walk: never loop on a bad answer.
      const next = data.next_starting_after;
      cursor = items.length > 0 && typeof next === "string" && next !== cursor ? next : undefined;
    } while (cursor !== undefined);
  }
  return { found, lookups };
}

/**
 * Looks up the ids of the leads of an accepted batch that the server answered as already held
 * (`duplicated_leads`) rather than created. In a replayed batch they were created by the attempt
 * whose answer was lost: they are `recovered`, unless the server created them well before the batch
 * was sent. Otherwise they were in the target before the import: `existing`, looked up only with
 * `resolveExisting`. When fewer leads are found than the answer counts as held, the candidates not
 * found are `unresolved`; so is every candidate when the lookup itself fails. A 2xx whose body could
 * not be read (`unreadable`) says nothing of which leads it created: every lead of the batch is
 * looked up as for a lost answer. A lead the caller says an earlier attempt may have applied
 * (`maybeApplied`, in a batch passed as `replayed`) is `recovered` whenever it is found: when that
 * attempt was sent is not known, so its time cannot tell it from a lead held before.
 */
export async function lookUpBatchIds<R>(
  client: InstantlyClient,
  target: LookupTarget,
  /** The batch's leads, built only when a lookup is needed (rarely: the hot path skips it). */
  sentLeads: () => readonly SentLead<R>[],
  response: BulkAddLeadsResponse,
  how: {
    replayed: boolean;
    /** The 2xx body was not JSON or not an object: applied, but with no ids and no counters. */
    unreadable: boolean;
    resolveExisting: boolean;
    /** When the batch's first attempt was sent (ms since the epoch, our clock). */
    sentAt: number;
    signal: AbortSignal | undefined;
  },
): Promise<BatchIds<R>> {
  const ids: BatchIds<R> = { recovered: [], existing: [], unresolved: [], lookups: 0 };
  const sent = sentLeads();
  const held = how.unreadable ? sent.length : response.duplicated_leads;
  const createdByThisBatch = how.replayed || how.unreadable;
  if (held === 0 || !(createdByThisBatch || how.resolveExisting)) return ids;
  const createdAt = new Set(response.created_leads.map((lead) => lead.index));
  const createdEmails = new Set<string>();
  for (const position of createdAt) {
    const email = normalEmail(sent[position]?.lead);
    if (email !== undefined) createdEmails.add(email);
  }
  // The first lead of each email that was not created; later ones are in-batch duplicates.
  const candidates = new Map<string, SentLead<R>>();
  sent.forEach((item, position) => {
    const email = normalEmail(item.lead);
    if (createdAt.has(position) || email === undefined || createdEmails.has(email)) return;
    if (!candidates.has(email)) candidates.set(email, item);
  });
  let found: Map<string, ListedLead>;
  try {
    const result = await findLeadsByEmail(client, target, [...candidates.keys()], how.signal);
    found = result.found;
    ids.lookups = result.lookups;
  } catch (error) {
    const message = `id lookup failed: ${error instanceof Error ? error.message : String(error)}`;
    for (const item of candidates.values()) ids.unresolved.push(unresolved<R>(item, message));
    return ids;
  }
  for (const [email, item] of candidates) {
    const lead = found.get(email);
    if (lead === undefined) continue;
    const before = Date.parse(lead.timestamp_created) < how.sentAt - CLOCK_SKEW_MS;
    if (createdByThisBatch && (item.maybeApplied === true || !before)) {
      ids.recovered.push(recovered<R>(item, lead));
    } else ids.existing.push(withRef({ index: item.index, id: lead.id, email }, item.ref));
  }
  const shortfall = held - ids.recovered.length - ids.existing.length;
  if (shortfall > 0) {
    const message = how.unreadable
      ? "the answer could not be read, and no lead with this email was found in the target"
      : `answered as held in the target, but ${shortfall} of ${held} were not found by email`;
    for (const [email, item] of candidates) {
      if (!found.has(email)) ids.unresolved.push(unresolved<R>(item, message));
    }
  }
  return ids;
}

function recovered<R>(item: SentLead<R>, lead: ListedLead): CreatedLead<R> {
  const entry: CreatedLead = {
    index: item.index,
    id: lead.id,
    email: lead.email ?? null,
    first_name: lead.first_name ?? null,
    last_name: lead.last_name ?? null,
    phone: lead.phone ?? null,
    recovered: true,
  };
  return withRef(entry, item.ref);
}

function unresolved<R>(item: SentLead<R>, message: string): UnresolvedLead<R> {
  return withRef({ index: item.index, message }, item.ref);
}

import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { AnomalyKind, ResponseAnomaly } from "./anomalies.js";
import { EMAIL, emailKey } from "./lead-fields.js";

/** A created_leads entry whose `index` is a position of its batch. */
export type CreatedEntry = BulkAddLeadsResponse["created_leads"][number];

function leadEmail(lead: unknown): string | undefined {
  return typeof lead === "object" && lead !== null
    ? emailKey((lead as Record<string, unknown>)[EMAIL])
    : undefined;
}

/** Whether an entry's email, if any, is the email of the lead at its index, if that lead has one. */
function agrees(entry: Record<string, unknown>, lead: unknown): boolean {
  const sent = leadEmail(lead);
  const answered = emailKey(entry.email);
  return sent === undefined || answered === undefined || sent === answered;
}

function isPosition(value: unknown, size: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < size;
}

/** The doubtful entries of one kind in one body: reported as one anomaly, however many. */
interface Doubts {
  count: number;
  first: string;
  tied: number;
  unmapped: Array<Record<string, unknown>>;
}

/**
 * Ties each `created_leads` entry of a 2xx body to a position of the batch of `leads`. An entry
 * whose index is missing, outside the batch, taken by another entry or at a lead with another
 * email is an anomaly; it is then tied by its email to the one untaken lead with that email, or
 * else kept in the anomaly's `unmapped`, so no created lead id is dropped or misplaced. Entries
 * are reported as one anomaly per kind, so a body of 1000 bad entries makes one, not 1000.
 */
export function mapCreatedLeads(
  entries: readonly unknown[],
  leads: readonly unknown[],
  anomalies: ResponseAnomaly[],
): CreatedEntry[] {
  const taken = new Uint8Array(leads.length);
  const mapped: CreatedEntry[] = [];
  const doubtful: Array<{ entry: Record<string, unknown>; at: number; kind: AnomalyKind }> = [];
  const doubts = new Map<AnomalyKind, Doubts>();
  const doubt = (kind: AnomalyKind, what: string) => {
    const seen = doubts.get(kind) ?? { count: 0, first: what, tied: 0, unmapped: [] };
    seen.count += 1;
    doubts.set(kind, seen);
    return seen;
  };
  // The hot path (every entry well placed) allocates nothing per entry: the parsed entry is kept.
  for (let at = 0; at < entries.length; at++) {
    const value = entries[at];
    const entry = (typeof value === "object" && value !== null ? value : {}) as Record<
      string,
      unknown
    >;
    if (typeof entry.id !== "string") {
      doubt("invalid_field", `created_leads[${at}] has no string id`).unmapped.push(entry);
      continue;
    }
    const { index } = entry;
    if (isPosition(index, leads.length) && taken[index] === 0 && agrees(entry, leads[index])) {
      taken[index] = 1;
      mapped.push(entry as CreatedEntry);
      continue;
    }
    const kind: AnomalyKind =
      index === undefined || index === null
        ? "created_index_missing"
        : !isPosition(index, leads.length)
          ? "created_index_out_of_range"
          : taken[index] === 1
            ? "created_index_duplicate"
            : "created_index_mismatch";
    doubtful.push({ entry, at, kind });
  }
  // Only after every well-placed entry has its lead, so an email match takes no one else's.
  let byEmail: Map<string, number[]> | undefined;
  for (const { entry, at, kind } of doubtful) {
    const seen = doubt(
      kind,
      `created_leads[${at}] (index ${JSON.stringify(entry.index)}, email ${JSON.stringify(entry.email)})`,
    );
    byEmail ??= positionsByEmail(leads);
    const email = emailKey(entry.email);
    const free = (email === undefined ? [] : (byEmail.get(email) ?? [])).filter(
      (position) => taken[position] === 0,
    );
    const [position] = free;
    if (free.length === 1 && position !== undefined) {
      taken[position] = 1;
      seen.tied += 1;
      mapped.push({ ...entry, index: position, id: entry.id as string });
    } else {
      seen.unmapped.push(entry);
    }
  }
  for (const [kind, { count, first, tied, unmapped }] of doubts) {
    const which = count === 1 ? first : `${count} entries, the first ${first}`;
    const outcome =
      kind === "invalid_field"
        ? "kept unmapped"
        : [
            ...(tied > 0 ? [`${tied} tied to a lead of the batch by email`] : []),
            ...(unmapped.length > 0 ? [`${unmapped.length} tied to no lead, kept unmapped`] : []),
          ].join(", ");
    anomalies.push({
      kind,
      detail: `${which}: ${outcome}`,
      ...(unmapped.length > 0 ? { unmapped } : {}),
    });
  }
  return mapped;
}

function positionsByEmail(leads: readonly unknown[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  leads.forEach((lead, position) => {
    const email = leadEmail(lead);
    if (email === undefined) return;
    const list = positions.get(email);
    if (list) list.push(position);
    else positions.set(email, [position]);
  });
  return positions;
}

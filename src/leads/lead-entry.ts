import type { BulkAddLeadsLead } from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";

/** A lead with the caller's own reference to it (a database id, a CSV row), carried to the report. */
export interface LeadWithRef<L, R> {
  lead: L;
  ref: R;
}

/** What importLeads reads: an array, an iterable or an async iterable. */
export type LeadSource<T> = Iterable<T> | AsyncIterable<T>;

/**
 * `T` itself when it is a value from an untyped source: `unknown` (or `any`), or a record whose
 * values are `unknown` (`Record<string, unknown>`); `never` for any other type, so that a typed
 * object with a misspelt field is a compile error rather than an untyped lead.
 */
export type UntypedLead<T> = unknown extends T
  ? T
  : string extends keyof T
    ? unknown extends T[keyof T]
      ? T
      : never
    : never;

/** A typed lead of importLeads' input: the spec's lead. */
export type ImportLead = BulkAddLeadsLead;

/** `{ ref: R }` when the input carries refs, nothing for bare leads. */
export type RefField<R> = [R] extends [never] ? unknown : { ref: R };

/** `{ refs: R[] }` (aligned with `indices`) when the input carries refs, nothing for bare leads. */
export type RefsField<R> = [R] extends [never] ? unknown : { refs: R[] };

// `lead` and `ref` are not lead fields, so an entry can never be mistaken for a lead.
const ENTRY_KEYS = ["lead", "ref"] as const;
const LEAD_FIELDS: readonly string[] = bulkAddLeadsSpec.arrays.leads.itemProperties;
if (ENTRY_KEYS.some((key) => LEAD_FIELDS.includes(key))) {
  throw new Error("the spec's lead now has a lead or ref field; update src/leads/lead-entry.ts");
}

/** Marks a bare lead: it has no ref, and its report entries carry none. */
export const NO_REF: unique symbol = Symbol("no ref");

/** Whether an input item is a `{ lead, ref }` entry (an object with both keys) rather than a lead. */
function isEntry(item: unknown): item is LeadWithRef<unknown, unknown> {
  return typeof item === "object" && item !== null && "lead" in item && "ref" in item;
}

export function leadOf(item: unknown): unknown {
  return isEntry(item) ? item.lead : item;
}

/** The ref of an input item, NO_REF for a bare lead. */
export function refOf(item: unknown): unknown {
  return isEntry(item) ? item.ref : NO_REF;
}

/** `{ ref }` for an item with a ref, `{}` for a bare lead: spread into report entries. */
export function refFieldOf(ref: unknown): { ref?: unknown } {
  return ref === NO_REF ? {} : { ref };
}

/** `{ refs }` when any of the refs is a caller's (bare leads among them get undefined), else `{}`. */
export function refsFieldOf(refs: readonly unknown[]): { refs?: unknown[] } {
  if (!refs.some((ref) => ref !== NO_REF)) return {};
  return { refs: refs.map((ref) => (ref === NO_REF ? undefined : ref)) };
}

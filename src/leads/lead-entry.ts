import type { BulkAddLeadsLead } from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";

/** A lead with the caller's own reference to it (a database id, a CSV row), carried to the report. */
export interface LeadWithRef<L, R> {
  lead: L;
  ref: R;
  /**
   * An earlier attempt may have applied this lead (its batch failed as `maybe_applied`): it is sent
   * again only where the server de-duplicates it by email, and then looked up by email for its id.
   */
  maybeApplied?: boolean;
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

/** The ref of one input item: the caller's `R`, or NO_REF for a bare lead. */
export type Ref<R> = R | typeof NO_REF;

/** Whether an input item is a `{ lead, ref }` entry (an object with both keys) rather than a lead. */
function isEntry(item: unknown): item is LeadWithRef<unknown, unknown> {
  return typeof item === "object" && item !== null && "lead" in item && "ref" in item;
}

export function leadOf(item: unknown): unknown {
  return isEntry(item) ? item.lead : item;
}

/** The ref of an input item, NO_REF for a bare lead; importLeads carries it as the caller's `R`. */
export function refOf<R>(item: unknown): Ref<R> {
  return isEntry(item) ? (item.ref as R) : NO_REF;
}

/** Whether an input item says an earlier attempt may have applied its lead. */
export function maybeAppliedOf(item: unknown): boolean {
  return isEntry(item) && (item as { maybeApplied?: unknown }).maybeApplied === true;
}

/** The ref at `position` of a batch's refs (a position of that batch, so always there). */
export function refAt<R>(refs: readonly Ref<R>[], position: number): Ref<R> {
  return refs[position] as Ref<R>;
}

/**
 * `entry` with the ref of its lead (none for a bare lead), typed as the report of `R` types it.
 * The one place where a ref meets the conditional `RefField`.
 */
export function withRef<T extends object, R>(entry: T, ref: Ref<R>): T & RefField<R> {
  return (ref === NO_REF ? entry : { ...entry, ref }) as T & RefField<R>;
}

/** `entry` with `refs` aligned with its indices when any lead has a ref (bare ones: undefined). */
export function withRefs<T extends object, R>(entry: T, refs: readonly Ref<R>[]): T & RefsField<R> {
  if (!refs.some((ref) => ref !== NO_REF)) return entry as T & RefsField<R>;
  return { ...entry, refs: refs.map((ref) => (ref === NO_REF ? undefined : ref)) } as T &
    RefsField<R>;
}

import type { RefsField } from "./lead-entry.js";

/**
 * Each way a 2xx answer of bulkAddLeads can differ from the spec's 200 body, with what it means.
 * The batch is accepted all the same: a 2xx says the server applied it.
 */
export const ANOMALY_KINDS = {
  not_json: "the body was not JSON",
  not_object: "the body was JSON but not an object",
  missing_field: "a documented field was missing",
  invalid_field: "a field had another type than documented",
  status: "status was not success",
  total_sent_mismatch: "total_sent differed from the leads sent",
  counters_mismatch: "the counters did not add up",
  created_index_missing: "a created lead had no index",
  created_index_out_of_range: "a created lead's index was outside the batch",
  created_index_duplicate: "two created leads had the same index",
  created_index_mismatch: "a created lead's email differed from the lead at its index",
} as const;

export type AnomalyKind = keyof typeof ANOMALY_KINDS;

/** One way one 2xx body differed from the documented 200. */
export interface ResponseAnomaly {
  kind: AnomalyKind;
  /** What was seen, e.g. `total_sent 10 for 1 lead sent`. */
  detail: string;
  /**
   * The `created_leads` entries, as the server sent them, that could be tied to no lead of the
   * batch (neither by index nor by email): those leads exist, but which inputs they are is unknown.
   */
  unmapped?: Array<Record<string, unknown>>;
}

/**
 * An anomaly of an accepted batch in an import; `indices` are the input positions of its leads and
 * `refs` (aligned with them) their refs.
 */
export type ImportAnomaly<R = never> = ResponseAnomaly & { indices: number[] } & RefsField<R>;

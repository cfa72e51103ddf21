import type { RefField } from "./lead-entry.js";

/**
 * What became of one input lead:
 * - `created`: the server created it (with its id);
 * - `recovered`: created by an attempt whose answer was lost, its id looked up;
 * - `existing`: already in the target (with `resolveExisting`, its id looked up);
 * - `not_created`: sent in a batch the server applied, and not created (see `cause`);
 * - `rejected`: invalid for the spec, never sent;
 * - `refused`: the server refused it when sent alone;
 * - `failed`: its batch failed (a 5xx, a timeout, an error no retry escaped), or it was not sent
 *   again because an earlier attempt may have applied it (`maybe_applied`);
 * - `not_sent`: the import stopped or was aborted before it was sent.
 */
export type LeadStatus =
  | "created"
  | "recovered"
  | "existing"
  | "not_created"
  | "rejected"
  | "refused"
  | "failed"
  | "not_sent";

/**
 * Why a lead was sent and not created, as far as can be known:
 * - `duplicate`: an earlier lead of the same batch has its email (the API keeps one);
 * - `invalid_email`: its email is one the API counts invalid;
 * - `unresolved`: the answer says the target holds it, but no lookup found its id;
 * - `unreadable`: the 2xx answer could not be read and the lead has no email to look it up by (it
 *   may have been created);
 * - `counters`: only the batch's counters are known (blocklisted, already in the target...).
 */
export type NotCreatedCause =
  "duplicate" | "invalid_email" | "unresolved" | "unreadable" | "counters";

/**
 * One lead's outcome, given to `onOutcome` as the report records it: every input lead once, with
 * `index` its position in the input and the caller's `ref`.
 */
export type LeadOutcome<R = never> = {
  index: number;
  status: LeadStatus;
  /** The lead's id: `created`, `recovered`, and `existing` when looked up. */
  id?: string;
  /** What happened, for every status but `created`; the server's own words where it gave them. */
  message?: string;
  /** The HTTP status of a refused lead or a failed batch, when there was one. */
  http_status?: number;
  /** Why a `not_created` lead was not created. */
  cause?: NotCreatedCause;
  /** A `failed` lead the server may have applied all the same (see ImportFailure.maybe_applied). */
  maybe_applied?: true;
} & RefField<R>;

// Leads the server may have applied although their batch failed: when that is so, and what is said.
import type { AttemptTiming } from "../client/client-types.js";

/**
 * Whether an attempt may have been applied without an answer saying so: one cut on the wire (the
 * caller's abort), a timeout, a dropped connection or a 5xx (a proxy's or the server's, after it
 * may have done the work). Any such attempt marks its batch, not only the last: an applied attempt
 * is not undone by a later one failing, and a caller that sends these leads again must know.
 */
export function mayHaveApplied({ status, failure }: AttemptTiming): boolean {
  return failure !== undefined || (status !== undefined && status >= 500);
}

/** The failure of a batch whose request was cancelled on the wire (the abort's grace ran out). */
export const INTERRUPTED_MESSAGE =
  "interrupted before the server answered: it may have applied these leads";

/** A failure's message when an earlier attempt of the batch may have been applied. */
export function maybeAppliedMessage(message: string): string {
  return `${message}; the server may have applied these leads`;
}

/** Why a lead an earlier attempt may have applied is not sent again (no email to de-duplicate by). */
export const WITHHELD_MESSAGE =
  "not sent again: an earlier attempt may have applied it, so it may be in the target, and " +
  "without an email the server cannot tell it from a new lead (a replay could add it twice)";

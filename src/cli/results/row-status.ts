import type { LeadStatus } from "../../leads/index.js";

/**
 * A row's status in the results files: a lead's (see LeadStatus), or what only the CLI knows:
 * `skipped` (a line of empty cells or a report footer, not a lead) and `resumed` (accepted by an
 * earlier run of the same journal).
 */
export type RowStatus = LeadStatus | "skipped" | "resumed";

// Rows whose outcome the user can act on by fixing or re-sending the row itself.
const TO_FIX: ReadonlySet<RowStatus> = new Set(["rejected", "refused", "failed", "not_sent"]);

/**
 * Whether a row belongs in the errors file: rejected, refused, failed or not sent, or not created
 * for a reason in the row itself (`inRow`: an email the API counts invalid, or one an earlier row
 * already holds).
 */
export function isToFix(status: RowStatus, inRow: boolean): boolean {
  return TO_FIX.has(status) || (status === "not_created" && inRow);
}

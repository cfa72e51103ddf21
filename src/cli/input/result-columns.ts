/**
 * The columns a results or errors file adds to each row of the input. Reading drops them, so an
 * errors file, fixed, imports again as is: they are never sent as custom variables.
 */
export const RESULT_COLUMNS = [
  "instantly_status",
  "instantly_lead_id",
  "instantly_message",
] as const;

/** Where a JSON Lines results file keeps a line that was not a JSON object; dropped on reading too. */
export const RESULT_INPUT_FIELD = "instantly_input";

const RESULT_NAMES: ReadonlySet<string> = new Set([...RESULT_COLUMNS, RESULT_INPUT_FIELD]);

/** Whether a header or JSON key is one a results file added (as written, any case). */
export function isResultColumn(name: string): boolean {
  return RESULT_NAMES.has(name.trim().toLowerCase());
}

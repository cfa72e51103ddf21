import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { specNames } from "../spec/spec-names.js";

// The spec's prose: a campaign lead needs `email`; a list lead needs one of these three.
export const [EMAIL, FIRST_NAME, LAST_NAME] = specNames(
  ["email", "first_name", "last_name"],
  bulkAddLeadsSpec.arrays.leads.itemProperties,
  "the bulkAddLeads lead",
);

/** True for a string with something other than white space in it. */
export function hasText(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/** The email the server de-duplicates on: trimmed, case-insensitive; undefined when blank or not text. */
export function emailKey(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed.toLowerCase();
}

/** True when the lead has a usable email, the key by which the server de-duplicates. */
export function hasEmail(lead: unknown): boolean {
  return (
    typeof lead === "object" && lead !== null && hasText((lead as Record<string, unknown>)[EMAIL])
  );
}

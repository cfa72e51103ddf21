/** One problem with the input: which lead (-1 for the body or options), which field, what is wrong. */
export interface LeadIssue {
  /** The lead's position in the caller's input; -1 for body-level issues. */
  index: number;
  /** Dotted path inside the lead or body, e.g. "email", "custom_variables.plan"; "" for the whole lead. */
  field: string;
  message: string;
}

/** An issue without its lead, `email: must be a string or null` (a message alone when no field). */
export function issueText({ field, message }: Pick<LeadIssue, "field" | "message">): string {
  return field === "" ? message : `${field}: ${message}`;
}

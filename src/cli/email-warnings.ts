import { emailSyntaxProblem } from "../leads/email-syntax.js";
import { EMAIL, emailKey } from "../leads/lead-fields.js";
import { FirstLines } from "./first-lines.js";
import type { RowFinding } from "./row-warnings.js";

const NONE: readonly RowFinding[] = Object.freeze([]);

/**
 * The warnings of a dry run about a valid lead's email: what a real run would send but the API
 * would not create, i.e. an address it will count in `invalid_email_count` and an email an earlier
 * row of the file already holds (the API keeps one lead per email). Never a reason not to send it.
 */
export function createEmailWarnings(): (
  lead: Record<string, unknown>,
  line: number,
) => readonly RowFinding[] {
  const firstLines = new FirstLines();
  return (lead, line) => {
    const value = lead[EMAIL];
    const key = emailKey(value);
    if (key === undefined || typeof value !== "string") return NONE;
    // The address as written (trimmed), for the message; its case matters to no check.
    const email = value.trim();
    const problem = emailSyntaxProblem(email);
    const first = firstLines.firstLine(key, line);
    // Most rows warn of nothing: they allocate nothing.
    if (problem === undefined && first === undefined) return NONE;
    const warnings: RowFinding[] = [];
    if (problem !== undefined) {
      warnings.push({
        field: EMAIL,
        message: `the API will count ${JSON.stringify(email)} invalid: ${problem}`,
      });
    }
    if (first !== undefined) warnings.push({ emailRepeats: first });
    return warnings;
  };
}

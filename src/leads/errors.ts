import { InstantlyAbortError, InstantlyError } from "../client/errors.js";
import type { ImportReport } from "./import-report.js";
import type { LeadIssue } from "../spec/lead-issue.js";

const SHOWN_ISSUES = 5;

/**
 * One issue as a line of text: `lead 3, email: must be a string or null`; `where` replaces
 * "lead 3" when the caller knows the lead better (the CLI: `line 12`).
 */
export function formatIssue(
  issue: LeadIssue,
  where = issue.index < 0 ? "body" : `lead ${issue.index}`,
): string {
  return issue.field === ""
    ? `${where}: ${issue.message}`
    : `${where}, ${issue.field}: ${issue.message}`;
}

/** Thrown before anything is sent when the input breaks the spec; `issues` lists every problem. */
export class InstantlyValidationError extends InstantlyError {
  static {
    this.prototype.name = "InstantlyValidationError";
  }
  readonly issues: LeadIssue[];

  constructor(issues: LeadIssue[]) {
    const shown = issues
      .slice(0, SHOWN_ISSUES)
      .map((issue) => formatIssue(issue))
      .join("; ");
    const more = issues.length > SHOWN_ISSUES ? `; and ${issues.length - SHOWN_ISSUES} more` : "";
    super(`${issues.length} invalid input(s): ${shown}${more}`);
    this.issues = issues;
  }
}

/** importLeads rejects with it when its signal aborts: `report` accounts for every lead read. */
export class InstantlyImportAbortedError<R = never> extends InstantlyAbortError {
  static {
    this.prototype.name = "InstantlyImportAbortedError";
  }
  readonly report: ImportReport<R>;

  constructor(report: ImportReport<R>, options?: { cause?: unknown }) {
    super(`importLeads was aborted after reading ${report.input_count} leads`, options);
    this.report = report;
  }
}

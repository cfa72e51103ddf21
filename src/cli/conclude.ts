import type { Printer } from "./cli-io.js";
import { writeReportFile, type AcceptedRows } from "./report-file.js";
import type { CliReport } from "./cli-report.js";
import { formatRejected, formatWarning } from "./summary.js";

// An import prints the first problems on stderr and leaves the rest to the report file.
const SHOWN_PROBLEMS = 20;

function problemLines(report: CliReport): string[] {
  const failed = report.failed.map((failure) => {
    const lines = failure.rows.map((row) => row.line);
    const status = failure.status === undefined ? "" : ` (${failure.status})`;
    const where = `lines ${Math.min(...lines)}-${Math.max(...lines)}`;
    const what = failure.not_sent === true ? "not sent" : "failed";
    return `${where}: ${failure.rows.length} rows ${what}${status}: ${failure.message}`;
  });
  const unresolved = report.unresolved.map((row) => `line ${row.line}: no lead id: ${row.message}`);
  const refused = report.refused.map(
    (row) => `line ${row.line}: refused by the server (${row.status}): ${row.message}`,
  );
  return [...formatRejected(report.rejected), ...refused, ...failed, ...unresolved];
}

/** How many failed rows the server may have applied all the same, and what to do about them. */
function maybeAppliedLine(report: CliReport): string | undefined {
  const rows = report.failed
    .filter((failure) => failure.maybe_applied === true)
    .reduce((sum, failure) => sum + failure.rows.length, 0);
  if (rows === 0) return undefined;
  return (
    `${rows} failed ${rows === 1 ? "row" : "rows"} may have been applied by the server all the same ` +
    "(maybe_applied in the report); rerunning with the same --journal sends them again where the " +
    "server de-duplicates them by email, and looks up their ids"
  );
}

/**
 * Writes the report file when one was asked for, then lists the problem rows: all of them on
 * stdout for a dry run (they are its result, with its warnings), the first few on stderr for an
 * import.
 */
export async function concludeRun(
  reportPath: string | undefined,
  report: CliReport,
  accepted: AcceptedRows,
  printer: Printer,
): Promise<void> {
  if (reportPath !== undefined) await writeReportFile(reportPath, report, accepted);
  const problems = problemLines(report);
  if (report.dry_run) {
    for (const problem of problems) printer.out(problem);
    // Printed one at a time: a million warnings never become one array of lines.
    for (const warning of report.warnings) printer.out(formatWarning(warning));
    return;
  }
  for (const problem of problems.slice(0, SHOWN_PROBLEMS)) printer.err(problem);
  if (problems.length > SHOWN_PROBLEMS) {
    const more = problems.length - SHOWN_PROBLEMS;
    printer.err(
      `... and ${more} more${reportPath === undefined ? "; use --report FILE to see them" : `; see ${reportPath}`}`,
    );
  }
  const maybeApplied = maybeAppliedLine(report);
  if (maybeApplied !== undefined) printer.err(maybeApplied);
}

import type { ImportReport } from "./import-report.js";

/**
 * The report's accounting problems (none when sound): every input index read is in exactly one of
 * an accepted batch, `rejected`, `refused` or `failed`, so input_count = sent + rejected + refused
 * + failed leads. It rests on the import's own count of the leads it sent, not on the server's
 * counters.
 */
export function checkReportInvariant<R>(report: ImportReport<R>): string[] {
  const problems: string[] = [];
  const count = report.input_count;
  // 1 = rejected, 2 = failed, 3 = created (which must be in an accepted batch), 4 = refused.
  const owner = new Uint8Array(count);
  const claim = (index: number, by: number, what: string) => {
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      problems.push(`${what} has index ${index}, outside 0..${count - 1}`);
    } else if (owner[index] !== 0) {
      problems.push(`index ${index} is in ${what} and already elsewhere (${owner[index]})`);
    } else {
      owner[index] = by;
    }
  };
  for (const { index } of report.rejected) claim(index, 1, "rejected");
  for (const { index } of report.refused) claim(index, 4, "refused");
  for (const failure of report.failed) {
    for (const index of failure.indices) claim(index, 2, "failed");
  }
  for (const { index } of report.created_leads) claim(index, 3, "created_leads");
  const failedLeads = report.failed.reduce((sum, failure) => sum + failure.indices.length, 0);
  const accounted = report.sent + report.rejected.length + report.refused.length + failedLeads;
  if (accounted !== count) {
    problems.push(
      `input_count ${count} != sent ${report.sent} + rejected ${report.rejected.length} + ` +
        `refused ${report.refused.length} + failed ${failedLeads}`,
    );
  }
  const { sent, accepted, failed, refused } = report.batches;
  if (accepted + failed + refused !== sent) {
    problems.push(
      `batches: accepted ${accepted} + failed ${failed} + refused ${refused} != sent ${sent}`,
    );
  }
  return problems;
}

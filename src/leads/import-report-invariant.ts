import type { ImportReport } from "./import-report.js";

/**
 * The report's accounting problems (none when sound): every input index read is in exactly one of
 * an accepted batch, `rejected`, `refused` or `failed`, so input_count = sent + rejected + refused
 * + failed leads; with the lists kept, created + existing + not_created = sent. It rests on the import's own count of the leads it sent, not on the server's
 * counters.
 */
export function checkReportInvariant<R>(report: ImportReport<R>): string[] {
  const problems: string[] = [];
  const count = report.input_count;
  // 1 = rejected, 2 = failed, 3 = created, 4 = refused, 5 = existing, 6 = not created.
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
  for (const { index } of report.existing_leads) claim(index, 5, "existing_leads");
  for (const { index } of report.not_created) claim(index, 6, "not_created");
  // Kept lists (keepCreatedLeads): every lead of an accepted batch is created, existing or not.
  const named =
    report.created_leads.length + report.existing_leads.length + report.not_created.length;
  if (report.created_leads.length + report.not_created.length > 0 && named !== report.sent) {
    problems.push(
      `created ${report.created_leads.length} + existing ${report.existing_leads.length} + ` +
        `not_created ${report.not_created.length} != sent ${report.sent}`,
    );
  }
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

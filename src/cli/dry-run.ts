import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { validateLead, type LeadTarget } from "../leads/index.js";
import { createPrinter, type CliIo } from "./cli-io.js";
import { concludeRun } from "./conclude.js";
import { EXIT } from "./errors.js";
import type { InputRow } from "./input/input-row.js";
import type { TargetedCommand } from "./choose-target.js";
import { openInput, announceInput } from "./input/open-input.js";
import { skippedLinesNote } from "./input/skipped-lines.js";
import { CliReportBuilder } from "./cli-report.js";
import { formatDryRun } from "./summary.js";
import { createEmailWarnings } from "./email-warnings.js";

/**
 * Reads and validates every row against the spec, sending nothing, and warns of the valid rows the
 * API would not create (see email-warnings); returns how many are valid.
 */
export async function validateAll(
  rows: AsyncIterable<InputRow>,
  target: LeadTarget,
  builder: CliReportBuilder,
): Promise<number> {
  let valid = 0;
  const emailWarnings = createEmailWarnings();
  for await (const row of rows) {
    if ("issue" in row) {
      builder.reject(row.ref, [row.issue]);
      continue;
    }
    const issues = validateLead(target, row.lead, row.ref.index);
    if (issues.length > 0) {
      builder.reject(row.ref, issues);
      continue;
    }
    valid += 1;
    builder.noteChecked();
    builder.warn(row.ref, emailWarnings(row.lead, row.ref.line));
  }
  return valid;
}

/** `import --dry-run`: parse and validate every row, print what would be sent; sends nothing. */
export async function runDryRun(command: TargetedCommand, io: CliIo): Promise<number> {
  const printer = createPrinter(io, undefined);
  const input = await openInput(command.input, io.stdin);
  // The mapping is part of what a dry run shows, even when quiet.
  if (!announceInput(input, printer.out, printer.err)) return EXIT.ok;
  const head = { input: { source: input.source, format: input.format }, target: command.target };
  const builder = new CliReportBuilder({ ...head, dry_run: true }, undefined, (text) => text);
  const valid = await validateAll(input.rows, command.target, builder);
  const report = builder.report(null);
  const batchSize = command.batchSize ?? bulkAddLeadsSpec.arrays.leads.maxItems;
  await concludeRun(command.report, report, { created: [], notCreated: [] }, printer);
  printer.out(formatDryRun(report, valid, Math.ceil(valid / batchSize)));
  const skippedEmpty = skippedLinesNote(input);
  if (skippedEmpty !== undefined) printer.out(skippedEmpty);
  // A real run of this file would not import every row: the dry run says so as it would.
  return report.rejected.length > 0 || report.warnings.count > 0 ? EXIT.incomplete : EXIT.ok;
}

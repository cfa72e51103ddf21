import { clientFor } from "./api-client.js";
import { redactKey } from "../client/redact.js";
import { resolveApiKey } from "./api-key.js";
import { chooseTarget, targetWithoutLookup, type TargetedCommand } from "./choose-target.js";
import { createPrinter, type CliIo } from "./cli-io.js";
import { concludeRun } from "./conclude.js";
import type { AcceptedRows } from "./report-file.js";
import { createSpool, type CreatedSpool } from "./created-spool.js";
import { EXIT } from "./errors.js";
import { importRows, type EarlyEnd } from "./import-rows.js";
import { identifyInput, openJournal, type Journal } from "./journal.js";
import type { ImportCommand } from "./options.js";
import { estimateTotal, progressMode, startProgress } from "./progress.js";
import { openInput, announceInput } from "./input/open-input.js";
import { skippedLinesNote } from "./input/skipped-lines.js";
import { CliReportBuilder } from "./cli-report.js";
import { formatSummary } from "./summary.js";
import { describeResults, openResults } from "./results/open-results.js";
import type { RowResults } from "./results/row-results.js";
import { ABORT_GRACE_MS, announceStop } from "./interrupt.js";

/** `import`: streams the input into Instantly batch by batch; returns the exit code. */
export async function runImport(
  parsed: ImportCommand,
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const apiKey = await resolveApiKey(io.env, parsed.apiKeyFile);
  const printer = createPrinter(io, apiKey);
  const client = clientFor(parsed, apiKey);
  // The preflight: the target is looked up before the input is even opened.
  const target =
    targetWithoutLookup(parsed.target, parsed.preflight) ??
    (await chooseTarget(parsed, client, printer, signal));
  if (typeof target === "number") return target;
  const command: TargetedCommand = { ...parsed, target };
  const input = await openInput(command.input, io.stdin);
  if (!announceInput(input, command.quiet ? () => {} : printer.err, printer.err)) {
    return EXIT.ok;
  }
  const journal: Journal | undefined =
    command.journal === undefined
      ? undefined
      : await openJournal(
          command.journal,
          await identifyInput(command.input.path, input.format),
          command.target,
        );
  const redact = (text: string) => redactKey(text, apiKey);
  const head = { input: { source: input.source, format: input.format }, target: command.target };
  const builder = new CliReportBuilder({ ...head, dry_run: false }, journal?.prior, redact);
  let results: RowResults;
  try {
    results = await openResults(command, input, journal, redact);
  } catch (error) {
    input.close();
    await journal?.close();
    throw error;
  }
  // Created leads wait on disk for the report file: in the journal when there is one, else here.
  const spool: CreatedSpool | undefined =
    command.report === undefined || journal !== undefined ? undefined : await createSpool();
  announceStop(signal, () => builder.inFlight, printer.err);
  let ended = false;
  const view = startProgress(
    progressMode(command.quiet, io.stderr.isTTY),
    () =>
      builder.snapshot(
        estimateTotal({
          rows: builder.read,
          bytes: input.bytesConsumed(),
          size: input.size,
          ended,
        }),
      ),
    { stream: io.stderr, color: command.color && io.stderr.isTTY === true },
  );
  try {
    let stop: EarlyEnd | null;
    try {
      stop = await importRows({
        client,
        target: command.target,
        options: {
          ...command.body,
          batchSize: command.batchSize,
          concurrency: command.concurrency,
          resolveExisting: command.resolveExisting,
          signal,
          abortGraceMs: ABORT_GRACE_MS,
        },
        rows: input.rows,
        builder,
        journal,
        spool,
        onInputEnd: () => {
          ended = true;
        },
        results,
        // Reading the rest of a file only to list it is worth it for a file that lists it.
        listUnread: command.input.path !== "-" && (command.results ?? command.errors) !== undefined,
      });
      // Rows read and never handed to the import: the run ended before it read them.
      results.finish(stop?.reason ?? "not sent: the run ended before this row was sent");
    } catch (error) {
      results.discard();
      throw error;
    } finally {
      view.stop();
      input.close();
      await journal?.close();
    }
    const report = builder.report(stop?.reason ?? null);
    // A resumed run's report lists the leads created before it, then its own.
    const accepted: AcceptedRows = journal
      ? { created: journal.createdLeads(), notCreated: journal.notCreated() }
      : { created: spool?.read() ?? [], notCreated: spool?.readNotCreated() ?? [] };
    await concludeRun(command.report, report, accepted, printer);
    printer.out(formatSummary(report));
    for (const line of describeResults(results, stop !== null)) printer.out(line);
    const skippedEmpty = skippedLinesNote(input);
    if (skippedEmpty !== undefined) printer.out(skippedEmpty);
    // importLeads' own invariant check: every row given to it is accepted, rejected or failed.
    const problems = builder.problems();
    for (const problem of problems) printer.err(`rows not accounted for (a bug): ${problem}`);
    if (stop !== null) return stop.exitCode;
    const clean =
      problems.length === 0 &&
      report.rejected.length === 0 &&
      report.refused.length === 0 &&
      report.failed.length === 0 &&
      results.notCreatedToFix === 0;
    return clean ? EXIT.ok : EXIT.incomplete;
  } finally {
    await spool?.dispose();
  }
}

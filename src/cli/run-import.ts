import { clientFor } from "./api-client.js";
import { redactKey, resolveApiKey } from "./api-key.js";
import { chooseTarget, targetWithoutLookup, type TargetedCommand } from "./choose-target.js";
import { createPrinter, type CliIo } from "./cli-io.js";
import { concat, concludeRun } from "./conclude.js";
import { createSpool, type CreatedSpool } from "./created-spool.js";
import { EXIT } from "./exit-codes.js";
import { importRows, type ImportStop } from "./import-rows.js";
import { identifyInput, openJournal, type Journal } from "./journal.js";
import type { ImportCommand } from "./options.js";
import { progressMode, startProgress } from "./progress.js";
import { openInput, type OpenedInput } from "./read-input.js";
import { CliReportBuilder } from "./report.js";
import { formatSummary } from "./summary.js";

function estimateTotal(input: OpenedInput, read: number, ended: boolean): number | undefined {
  if (ended) return read;
  const bytes = input.bytesRead();
  if (input.size === undefined || bytes === 0) return undefined;
  return Math.max(read, Math.round((read * input.size) / bytes));
}

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
  const journal: Journal | undefined =
    command.journal === undefined
      ? undefined
      : await openJournal(
          command.journal,
          await identifyInput(command.input.path, input.format),
          command.target,
        );
  const spool: CreatedSpool | undefined =
    command.report === undefined ? undefined : await createSpool();
  const head = { input: { source: input.source, format: input.format }, target: command.target };
  const builder = new CliReportBuilder({ ...head, dry_run: false }, journal?.prior, (text) =>
    redactKey(text, apiKey),
  );
  let ended = false;
  const view = startProgress(
    progressMode(command.quiet, io.stderr.isTTY),
    () => builder.snapshot(estimateTotal(input, builder.read, ended)),
    { stream: io.stderr, color: command.color && io.stderr.isTTY === true },
  );
  try {
    let stop: ImportStop | null;
    try {
      stop = await importRows({
        client,
        target: command.target,
        options: {
          ...command.body,
          batchSize: command.batchSize,
          concurrency: command.concurrency,
          signal,
        },
        rows: input.rows,
        builder,
        journal,
        spool,
        onInputEnd: () => {
          ended = true;
        },
      });
    } finally {
      view.stop();
      input.close();
      await journal?.close();
    }
    const report = builder.report(stop?.reason ?? null);
    const created = concat(journal?.priorCreatedLeads(), spool?.read());
    await concludeRun(command.report, report, created, printer);
    printer.out(formatSummary(report));
    const unaccounted = builder.unaccounted();
    if (unaccounted !== 0) printer.err(`${unaccounted} rows are not accounted for; this is a bug`);
    if (stop !== null) return stop.exitCode;
    const clean = unaccounted === 0 && report.rejected.length === 0 && report.failed.length === 0;
    return clean ? EXIT.ok : EXIT.incomplete;
  } finally {
    await spool?.dispose();
  }
}

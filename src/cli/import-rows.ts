import { totalsOf } from "../leads/response.js";
import type { InstantlyClient } from "../client/client-types.js";
import {
  importLeads,
  InstantlyImportAbortedError,
  type BatchResult,
  type ImportOptions,
  type ImportReport,
  type LeadTarget,
  type LeadWithRef,
} from "../leads/index.js";
import type { CreatedSpool } from "./created-spool.js";
import { CliInputError, EXIT } from "./errors.js";
import type { InputRow, RowRef } from "./input/input-row.js";
import type { Journal } from "./journal.js";
import type { CliReportBuilder, CreatedRow, NotCreatedRow } from "./cli-report.js";
import type { RowResults } from "./results/row-results.js";
import { issueText } from "../spec/lead-issue.js";

/** What an import of the rows needs: where they go, and where accepted batches are recorded. */
export interface ImportRowsContext {
  client: InstantlyClient;
  target: LeadTarget;
  options: Omit<ImportOptions<RowRef>, "onBatch" | "onProgress" | "keepCreatedLeads">;
  rows: AsyncIterable<InputRow>;
  builder: CliReportBuilder;
  /** Accepted batches, with their created leads, for a rerun to resume from. */
  journal: Journal | undefined;
  /** Where created leads wait for the report file when there is no journal to hold them. */
  spool: CreatedSpool | undefined;
  /** Called once the input is read through. */
  onInputEnd: () => void;
  /** Every row's outcome, for the results files (--results, --errors). */
  results: RowResults | undefined;
  /** After a stop, the rows not read are read to list them as not sent (a file, not a pipe). */
  listUnread: boolean;
}

/** Why a run ended before the input was read through, and the exit code that says so. */
export interface EarlyEnd {
  reason: string;
  exitCode: number;
}

// An accepted batch counts as done only once on disk: in the journal, which also holds its
// created leads, or else in the spool. Its refs are its rows. A failed batch the server may have
// applied is journaled too, so that a rerun replays its rows and recovers their ids.
async function recordBatch(
  outcome: BatchResult<RowRef>,
  context: ImportRowsContext,
): Promise<void> {
  if (!outcome.accepted) {
    const { failure } = outcome;
    if (failure.maybe_applied !== true) return;
    return context.journal?.appendMaybeApplied(failure.refs.map((ref) => ref.index));
  }
  const created: CreatedRow[] = outcome.created_leads.map(({ ref, ...lead }) => ({
    ...lead,
    index: ref.index,
    line: ref.line,
  }));
  if (context.journal) {
    await context.journal.append({
      indices: outcome.refs.map((ref) => ref.index),
      totals: totalsOf(outcome.response),
      remaining_in_plan: outcome.response.remaining_in_plan,
      created_leads: created,
      outcomes: [
        ...outcome.existing_leads.map(({ ref, id }) => ({
          index: ref.index,
          line: ref.line,
          status: "existing" as const,
          id,
          message: "already in the target",
        })),
        ...outcome.not_created.map(({ ref, message, cause }) => ({
          index: ref.index,
          line: ref.line,
          status: "not_created" as const,
          message,
          cause,
        })),
      ],
    });
  } else {
    const notCreated: NotCreatedRow[] = outcome.not_created.map(({ ref, message, cause }) => ({
      index: ref.index,
      line: ref.line,
      message,
      cause,
    }));
    await context.spool?.append(created, notCreated);
  }
}

/**
 * The leads of the input rows, each with its row as ref, in order: rows the journal holds are
 * skipped and unparsable rows rejected here. Reading stops on abort; after a refusal that ends
 * the import, importLeads reads no further.
 */
async function* leadsOf(
  context: ImportRowsContext,
  rows: AsyncIterator<InputRow>,
  onInputError: (error: CliInputError) => void,
): AsyncGenerator<LeadWithRef<unknown, RowRef>, void, undefined> {
  const { builder, journal, results } = context;
  const aborted = () => context.options.signal?.aborted === true;
  // Checked before each read (standard input may idle for long) and after it (a row read once
  // the run was interrupted is not handed on).
  while (!aborted()) {
    let next: IteratorResult<InputRow>;
    try {
      next = await rows.next();
    } catch (error) {
      if (!(error instanceof CliInputError)) throw error;
      onInputError(error);
      return;
    }
    if (next.done === true) {
      context.onInputEnd();
      return;
    }
    if (aborted()) return;
    const row = next.value;
    results?.noteRow(row);
    if (journal?.accepted.has(row.ref.index) === true) {
      builder.noteResumed();
      results?.settleResumed(row.ref);
    } else if ("issue" in row) {
      builder.reject(row.ref, [row.issue]);
      results?.settleRejected(row.ref, issueText(row.issue));
    } else {
      const { lead, ref } = row;
      yield journal?.maybeApplied.has(ref.index) === true
        ? { lead, ref, maybeApplied: true }
        : { lead, ref };
    }
  }
}

/** After a stop, the rows never read are read, only to list them in the results as not sent. */
async function listUnread(
  rows: AsyncIterator<InputRow>,
  results: RowResults,
  message: string,
): Promise<void> {
  for (;;) {
    let next: IteratorResult<InputRow>;
    try {
      next = await rows.next();
    } catch {
      // The input breaks further on: the rows before the break are listed.
      return;
    }
    if (next.done === true) return;
    results.noteRow(next.value);
    results.settleNotSent(next.value.ref, message);
  }
}

function earlyEndOf(
  inputError: CliInputError | undefined,
  report: ImportReport<RowRef>,
  aborted: boolean,
  resumable: boolean,
): EarlyEnd | null {
  if (inputError !== undefined) return { reason: inputError.message, exitCode: EXIT.usage };
  // importLeads' own decision: a refusal no later batch escapes, or a 2xx saying the plan is full.
  if (report.stopped !== null) {
    return {
      reason: `the API refused the import: ${report.stopped.message}`,
      exitCode: EXIT.usage,
    };
  }
  if (!aborted) return null;
  const hint = resumable ? "; run the same command again to resume" : "";
  return { reason: `interrupted${hint}`, exitCode: EXIT.interrupted };
}

/**
 * Imports every row of the input with one importLeads call, recording each accepted batch, and
 * hands its report to the builder. Returns why the run ended early, or null.
 */
export async function importRows(context: ImportRowsContext): Promise<EarlyEnd | null> {
  const { builder, results } = context;
  let inputError: CliInputError | undefined;
  let report: ImportReport<RowRef>;
  let aborted = false;
  const rows = context.rows[Symbol.asyncIterator]();
  const leads = leadsOf(context, rows, (error) => {
    inputError = error;
  });
  try {
    // Created leads go to the journal or the spool through onBatch; the report keeps none.
    report = await importLeads(context.client, context.target, leads, {
      ...context.options,
      keepCreatedLeads: false,
      onProgress: (progress) => builder.noteProgress(progress),
      onBatch: (outcome) => {
        // Without a results file only the rows not created are settled: a lead's outcome each
        // would cost a plain import about 9% of its time.
        if (outcome.accepted && results?.keepsRows === false) {
          for (const lead of outcome.not_created) {
            results.settleOutcome({ ...lead, status: "not_created" });
          }
        }
        return recordBatch(outcome, context);
      },
      ...(results?.keepsRows === true
        ? { onOutcome: (outcomes) => outcomes.forEach((outcome) => results.settleOutcome(outcome)) }
        : {}),
    });
  } catch (error) {
    if (!(error instanceof InstantlyImportAbortedError)) throw error;
    // importLeads carries the refs it was given, RowRefs here.
    report = error.report as ImportReport<RowRef>;
    aborted = true;
  }
  builder.addImport(report);
  const { stopped } = report;
  if (results !== undefined && stopped !== null && inputError === undefined && context.listUnread) {
    await listUnread(rows, results, `not sent: the import stopped at ${stopped.message}`);
  }
  return earlyEndOf(inputError, report, aborted, context.journal !== undefined);
}

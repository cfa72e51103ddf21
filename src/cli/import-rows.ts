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
import type { CliReportBuilder, CreatedRow } from "./cli-report.js";

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
    });
  } else await context.spool?.append(created);
}

/**
 * The leads of the input rows, each with its row as ref, in order: rows the journal holds are
 * skipped and unparsable rows rejected here. Reading stops on abort; after a refusal that ends
 * the import, importLeads reads no further.
 */
async function* leadsOf(
  context: ImportRowsContext,
  onInputError: (error: CliInputError) => void,
): AsyncGenerator<LeadWithRef<unknown, RowRef>, void, undefined> {
  const { builder, journal } = context;
  const aborted = () => context.options.signal?.aborted === true;
  const rows = context.rows[Symbol.asyncIterator]();
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
    if (journal?.accepted.has(row.ref.index) === true) builder.noteResumed();
    else if ("issue" in row) builder.reject(row.ref, [row.issue]);
    else
      yield journal?.maybeApplied.has(row.ref.index) === true
        ? { ...row, maybeApplied: true }
        : row;
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
  const { builder } = context;
  let inputError: CliInputError | undefined;
  let report: ImportReport<RowRef>;
  let aborted = false;
  const leads = leadsOf(context, (error) => {
    inputError = error;
  });
  try {
    // Created leads go to the journal or the spool through onBatch; the report keeps none.
    report = await importLeads(context.client, context.target, leads, {
      ...context.options,
      keepCreatedLeads: false,
      onProgress: (progress) => builder.noteProgress(progress),
      onBatch: (outcome) => recordBatch(outcome, context),
    });
  } catch (error) {
    if (!(error instanceof InstantlyImportAbortedError)) throw error;
    // importLeads carries the refs it was given, RowRefs here.
    report = error.report as ImportReport<RowRef>;
    aborted = true;
  }
  builder.addImport(report);
  return earlyEndOf(inputError, report, aborted, context.journal !== undefined);
}

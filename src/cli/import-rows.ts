import type { CreatedLead } from "../leads/index.js";
import { totalsOf } from "../leads/response.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import type { InstantlyClient } from "../client/types.js";
import {
  importLeads,
  InstantlyImportAbortedError,
  type BatchResult,
  type ImportFailure,
  type ImportOptions,
  type ImportReport,
  type LeadTarget,
  type LeadWithRef,
} from "../leads/index.js";
import type { CreatedSpool } from "./created-spool.js";
import { CliInputError, EXIT } from "./errors.js";
import type { InputRow, RowRef } from "./input/input-row.js";
import type { Journal } from "./journal.js";
import type { CliReportBuilder } from "./cli-report.js";

/** What an import of the rows needs: where they go, and where accepted batches are recorded. */
export interface ImportRowsContext {
  client: InstantlyClient;
  target: LeadTarget;
  options: Omit<ImportOptions<RowRef>, "onBatch" | "onProgress" | "keepCreatedLeads">;
  rows: AsyncIterable<InputRow>;
  builder: CliReportBuilder;
  journal: Journal | undefined;
  spool: CreatedSpool | undefined;
  /** Called once the input is read through. */
  onInputEnd: () => void;
}

/** Why an import ended before the input was read through, and the exit code that says so. */
export interface ImportStop {
  reason: string;
  exitCode: number;
}

// The spec's documented 4xx answers other than 429 (retried): key, plan and target do not change.
// 403 is not documented but happens (a key without the scope, the API edge refusing the client),
// and every later batch would get it too.
const FORBIDDEN = 403;
const FATAL_STATUSES = new Set([
  ...bulkAddLeadsSpec.responseStatuses
    .filter((status) => /^4/.test(status) && status !== "429")
    .map(Number),
  FORBIDDEN,
]);

/** How the run went, filled in by the row source and onBatch while importLeads runs. */
interface RunState {
  /** The input broke (e.g. unclosed quote) after the rows before it were read. */
  inputError: CliInputError | undefined;
  /** A batch failed with an answer that every later batch would get too (bad key, plan, target). */
  fatal: ImportFailure<RowRef> | undefined;
}

// Journal and spool an accepted batch: it counts as done only once on disk. Its rows are the refs.
async function recordOutcome(
  outcome: BatchResult<RowRef>,
  context: ImportRowsContext,
  state: RunState,
): Promise<void> {
  if (!outcome.accepted) {
    const { status } = outcome.failure;
    if (status !== undefined && FATAL_STATUSES.has(status)) state.fatal ??= outcome.failure;
    return;
  }
  const created: CreatedLead[] = outcome.created_leads.map(({ ref, ...lead }) => ({
    ...lead,
    index: ref.index,
  }));
  await context.journal?.append({
    indices: outcome.refs.map((ref) => ref.index),
    totals: totalsOf(outcome.response),
    remaining_in_plan: outcome.response.remaining_in_plan,
    created_leads: created,
  });
  await context.spool?.append(created);
  context.builder.noteAnomalies(
    outcome.anomalies,
    outcome.refs.map((ref) => ref.index),
  );
}

/**
 * The leads of the input rows, each with its row as ref, in order: rows the journal holds are
 * skipped and unparsable rows rejected here. Reading stops on abort or a fatal answer, so a
 * refused import of a huge file ends at once; importLeads accounts for the leads it was given.
 */
async function* leadsOf(
  context: ImportRowsContext,
  state: RunState,
): AsyncGenerator<LeadWithRef<unknown, RowRef>, void, undefined> {
  const { builder, journal } = context;
  const stopped = () => context.options.signal?.aborted === true || state.fatal !== undefined;
  const rows = context.rows[Symbol.asyncIterator]();
  // Checked before each read (standard input may idle for long) and after it (a row read once
  // importLeads stopped reading would be counted but never settled).
  while (!stopped()) {
    let next: IteratorResult<InputRow>;
    try {
      next = await rows.next();
    } catch (error) {
      if (!(error instanceof CliInputError)) throw error;
      state.inputError = error;
      return;
    }
    if (next.done === true) {
      context.onInputEnd();
      return;
    }
    if (stopped()) return;
    const row = next.value;
    if (journal?.accepted.has(row.index) === true) builder.noteResumed();
    else if ("issue" in row) builder.reject(row, [row.issue]);
    else yield { lead: row.lead, ref: { index: row.index, line: row.line, row: row.row } };
  }
}

function stopOf(
  state: RunState,
  report: ImportReport<RowRef>,
  aborted: boolean,
  resumable: boolean,
): ImportStop | null {
  if (state.inputError !== undefined) {
    return { reason: state.inputError.message, exitCode: EXIT.usage };
  }
  // A refusal, or a 2xx saying the plan is full: importLeads stopped on it.
  const refusal = state.fatal?.message ?? report.stopped?.message;
  if (refusal !== undefined) {
    return { reason: `the API refused the import: ${refusal}`, exitCode: EXIT.usage };
  }
  if (!aborted) return null;
  const hint = resumable ? "; run the same command again to resume" : "";
  return { reason: `interrupted${hint}`, exitCode: EXIT.incomplete };
}

/**
 * Imports every row of the input with one importLeads call, journaling and spooling each accepted
 * batch, and hands its report to the builder. Returns why the import stopped early, or null.
 */
export async function importRows(context: ImportRowsContext): Promise<ImportStop | null> {
  const { builder } = context;
  const state: RunState = { inputError: undefined, fatal: undefined };
  let report: ImportReport<RowRef>;
  let aborted = false;
  try {
    // Created leads reach the journal and the spool through onBatch; the report keeps none.
    report = await importLeads(context.client, context.target, leadsOf(context, state), {
      ...context.options,
      keepCreatedLeads: false,
      onProgress: (progress) => builder.noteProgress(progress),
      onBatch: (outcome) => recordOutcome(outcome, context, state),
    });
  } catch (error) {
    if (!(error instanceof InstantlyImportAbortedError)) throw error;
    // importLeads carries the refs it was given, RowRefs here.
    report = error.report as ImportReport<RowRef>;
    aborted = true;
  }
  builder.addImport(report);
  return stopOf(state, report, aborted, context.journal !== undefined);
}

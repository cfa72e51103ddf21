import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { InstantlyAbortError } from "../client/errors.js";
import type { InstantlyClient } from "../client/types.js";
import {
  importLeads,
  type BatchOutcome,
  type ImportFailure,
  type ImportOptions,
  type ImportReport,
  type LeadTarget,
} from "../leads/index.js";
import type { CreatedSpool } from "./created-spool.js";
import { CliInputError } from "./errors.js";
import type { InputRow } from "./input-row.js";
import type { Journal } from "./journal.js";
import type { CliReportBuilder } from "./report.js";
import { RowTracker } from "./row-tracker.js";
import { totalsOf } from "./totals.js";

/** What one chunk needs: the shared row iterator and where accepted batches are recorded. */
export interface ChunkContext {
  client: InstantlyClient;
  target: LeadTarget;
  options: Omit<ImportOptions, "onBatch" | "onProgress">;
  rows: AsyncIterator<InputRow>;
  /** Leads to hand to importLeads in this chunk at most. */
  limit: number;
  builder: CliReportBuilder;
  journal: Journal | undefined;
  spool: CreatedSpool | undefined;
}

/** How a chunk ended. */
export interface ChunkResult {
  /** The input is read through. */
  ended: boolean;
  /** importLeads stopped on the abort signal (its partial report is folded in). */
  aborted: boolean;
  /** The input broke (e.g. unclosed quote) after the rows before it were imported. */
  inputError: CliInputError | undefined;
  /** A batch failed with an answer that every later batch would get too (bad key, plan, target). */
  fatal: ImportFailure | undefined;
}

// The spec's documented 4xx answers other than 429 (retried): key, plan and target do not change.
const FATAL_STATUSES = new Set(
  bulkAddLeadsSpec.responseStatuses
    .filter((status) => /^4/.test(status) && status !== "429")
    .map(Number),
);

function isImportReport(value: unknown): value is ImportReport {
  return typeof value === "object" && value !== null && "input_count" in value && "failed" in value;
}

// Journal and spool an accepted batch, then forget its rows: it counts as done only once on disk.
async function recordOutcome(
  outcome: BatchOutcome,
  tracker: RowTracker,
  context: ChunkContext,
  result: ChunkResult,
): Promise<void> {
  if (!outcome.accepted) {
    const { status } = outcome.failure;
    if (status !== undefined && FATAL_STATUSES.has(status)) result.fatal ??= outcome.failure;
    return;
  }
  const positions = outcome.indices;
  const rowIndex = (position: number | undefined) =>
    position === undefined ? -1 : tracker.get(position).index;
  const created = outcome.response.created_leads.map((lead) => ({
    ...lead,
    index: rowIndex(positions[lead.index]),
  }));
  await context.journal?.append({
    indices: positions.map(rowIndex),
    totals: totalsOf(outcome.response),
    remaining_in_plan: outcome.response.remaining_in_plan,
    created_leads: created,
  });
  await context.spool?.append(created);
  tracker.release(positions);
}

/**
 * Imports the next `limit` leads of the input with importLeads. Rows the journal holds are
 * skipped, unparsable rows are rejected here, and every accepted batch is journaled and spooled.
 */
export async function importChunk(context: ChunkContext): Promise<ChunkResult> {
  const { builder, journal, options } = context;
  const tracker = new RowTracker();
  const result: ChunkResult = {
    ended: false,
    aborted: false,
    inputError: undefined,
    fatal: undefined,
  };
  const reading = () =>
    tracker.count < context.limit && options.signal?.aborted !== true && result.fatal === undefined;
  async function* leads(): AsyncGenerator<Record<string, unknown>, void, undefined> {
    while (reading()) {
      let next: IteratorResult<InputRow>;
      try {
        next = await context.rows.next();
      } catch (error) {
        if (!(error instanceof CliInputError)) throw error;
        result.inputError = error;
        return;
      }
      if (next.done === true) {
        result.ended = true;
        return;
      }
      const row = next.value;
      builder.noteRead(row.index);
      if (journal?.accepted.has(row.index) === true) builder.noteResumed();
      else if ("issue" in row) builder.reject(row, [row.issue]);
      else {
        tracker.add({ index: row.index, line: row.line, row: row.row });
        yield row.lead;
      }
    }
  }
  try {
    const report = await importLeads(context.client, context.target, leads(), {
      ...options,
      onProgress: (progress) => builder.noteProgress(progress),
      onBatch: (outcome) => recordOutcome(outcome, tracker, context, result),
    });
    builder.addChunk(report, tracker);
  } catch (error) {
    const report: unknown = (error as { report?: unknown }).report;
    if (!(error instanceof InstantlyAbortError) || !isImportReport(report)) throw error;
    builder.addChunk(report, tracker);
    result.aborted = true;
  }
  return result;
}

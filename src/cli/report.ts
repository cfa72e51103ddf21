import type {
  BatchCounts,
  ImportFailure,
  ImportProgress,
  ImportReport,
  LeadIssue,
  LeadTarget,
} from "../leads/index.js";
import type { ProgressSnapshot } from "./progress.js";
import type { RowRef, RowTracker } from "./row-tracker.js";
import { zeroCounters } from "../leads/response.js";
import { addTotals, type Totals } from "./totals.js";

/** A rejected row: never sent, with its line, original row and every issue. */
export interface RejectedRow extends RowRef {
  issues: LeadIssue[];
}

/** A failed batch (or leads that were never sent), with the input rows it held. */
export interface FailedRows extends ImportFailure {
  rows: RowRef[];
}

/** The CLI's ImportReport: indices are input rows, rows carry their line and original text. */
export interface CliReport {
  input: { source: string; format: string };
  target: LeadTarget;
  dry_run: boolean;
  /** Why the run ended before the input was read through, if it did. */
  stopped: string | null;
  input_count: number;
  /** Rows accepted by earlier runs of the same journal. */
  resumed: number;
  totals: Totals;
  remaining_in_plan: number | null;
  rejected: RejectedRow[];
  failed: FailedRows[];
  batches: BatchCounts & { resumed: number };
}

function emptyBatches(): BatchCounts {
  return { sent: 0, accepted: 0, failed: 0, retried: 0, replayed: 0 };
}

function addBatches(a: BatchCounts, b: BatchCounts): BatchCounts {
  return {
    sent: a.sent + b.sent,
    accepted: a.accepted + b.accepted,
    failed: a.failed + b.failed,
    retried: a.retried + b.retried,
    replayed: a.replayed + b.replayed,
  };
}

/** What earlier runs recorded in the journal. */
export interface PriorRuns {
  batches: number;
  totals: Totals;
  remaining_in_plan: number | null;
}

/** Collects the CLI report of one run, and the live counts for progress. */
export class CliReportBuilder {
  private inputCount = 0;
  private resumedRows = 0;
  private totals: Totals;
  private remainingInPlan: number | null;
  private batches = emptyBatches();
  private readonly rejected: RejectedRow[] = [];
  private readonly failed: FailedRows[] = [];
  private failedLeads = 0;
  private live: ImportProgress | undefined;

  constructor(
    private readonly head: Pick<CliReport, "input" | "target" | "dry_run">,
    private readonly prior: PriorRuns | undefined,
    private readonly redact: (text: string) => string,
  ) {
    this.totals = prior?.totals ?? zeroCounters();
    this.remainingInPlan = prior?.remaining_in_plan ?? null;
  }

  /** Rows read from the input so far. */
  get read(): number {
    return this.inputCount;
  }

  /** Notes a row read from the input. */
  noteRead(index: number): void {
    this.inputCount = Math.max(this.inputCount, index + 1);
  }

  /** Notes a row skipped because the journal holds it as accepted. */
  noteResumed(): void {
    this.resumedRows += 1;
  }

  /** Rejects a row before it reaches importLeads (unparsable, or invalid in a dry run). */
  reject(ref: RowRef, issues: readonly Omit<LeadIssue, "index">[]): void {
    const { index, line, row } = ref;
    const located = issues.map(({ field, message }) => ({ index, field, message }));
    this.rejected.push({ index, line, row, issues: located });
  }

  /** The import's progress, as importLeads reports it. */
  noteProgress(progress: ImportProgress): void {
    this.live = progress;
  }

  /** Folds the importLeads report in, mapping its positions to input rows through the tracker. */
  addImport(report: ImportReport, tracker: RowTracker): void {
    this.live = undefined;
    this.totals = addTotals(this.totals, report.totals);
    this.remainingInPlan = report.remaining_in_plan ?? this.remainingInPlan;
    this.batches = addBatches(this.batches, report.batches);
    for (const { index, issues } of report.rejected) this.reject(tracker.get(index), issues);
    for (const failure of report.failed) {
      const rows = failure.indices.map((position) => tracker.get(position));
      this.failedLeads += rows.length;
      this.failed.push({
        ...failure,
        message: this.redact(failure.message),
        indices: rows.map((row) => row.index),
        rows,
      });
    }
  }

  /** Counts for the progress display. */
  snapshot(total: number | undefined): ProgressSnapshot {
    const live = this.live;
    const sent = this.totals.total_sent - (this.prior?.totals.total_sent ?? 0) + (live?.done ?? 0);
    const uploaded = this.totals.leads_uploaded + (live?.uploaded ?? 0);
    const rejected = this.rejected.length + (live?.rejected ?? 0);
    const failed = this.failedLeads + (live?.failed ?? 0);
    return {
      read: this.inputCount,
      settled: this.resumedRows + sent + rejected + failed,
      resumed: this.resumedRows,
      uploaded,
      notUploaded: this.totals.total_sent + (live?.done ?? 0) - uploaded,
      rejected,
      failed,
      total,
    };
  }

  /** Rows read in this run that are neither resumed, accepted, rejected nor failed (0 when sound). */
  unaccounted(): number {
    const sentNow = this.totals.total_sent - (this.prior?.totals.total_sent ?? 0);
    return this.inputCount - this.resumedRows - sentNow - this.rejected.length - this.failedLeads;
  }

  /** The report so far; `stopped` says why the input was not read through. */
  report(stopped: string | null): CliReport {
    return {
      ...this.head,
      stopped,
      input_count: this.inputCount,
      resumed: this.resumedRows,
      totals: this.totals,
      remaining_in_plan: this.remainingInPlan,
      rejected: [...this.rejected].sort((a, b) => a.index - b.index),
      failed: [...this.failed].sort((a, b) => (a.indices[0] ?? 0) - (b.indices[0] ?? 0)),
      batches: { ...this.batches, resumed: this.prior?.batches ?? 0 },
    };
  }
}

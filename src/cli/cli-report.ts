import type { CreatedLead, ImportTotals, NotCreatedCause } from "../leads/index.js";
import { addTotals } from "../leads/response.js";
import {
  checkReportInvariant,
  type BatchCounts,
  type ImportAnomaly,
  type ImportFailure,
  type ImportProgress,
  type ImportReport,
  type LeadIssue,
  type LeadTarget,
} from "../leads/index.js";
import type { RowRef } from "./input/input-row.js";
import type { ProgressSnapshot } from "./progress.js";
import { RowWarnings, type RowFinding } from "./row-warnings.js";
import { zeroCounters } from "../leads/response.js";

/**
 * A row whose lead was created, as the report file and the journal list it: the lead's `index` is
 * its row, `line` where the row starts (absent in journals written before lines were kept).
 */
export type CreatedRow = CreatedLead & { line?: number };

/**
 * A row sent in a batch the API applied whose lead it did not create, with what can be known of
 * why (the import's `not_created`); the report file lists them beside `created_leads`.
 */
export interface NotCreatedRow {
  index: number;
  line: number;
  message: string;
  cause: NotCreatedCause;
}

/** A rejected row: never sent, with its line, original row and every issue. */
export interface RejectedRow extends RowRef {
  issues: LeadIssue[];
}

/** A row the server refused when sent alone, with its answer. */
export interface RefusedRow extends RowRef {
  status: number;
  message: string;
}

/** A failed batch (or leads that were never sent), with the input rows it held. */
export interface FailedRows extends ImportFailure {
  rows: RowRef[];
}

/** A row whose lead was already in the target (`--resolve-existing`), with the lead's id. */
export interface ExistingRow {
  index: number;
  line: number;
  id: string;
  email: string;
}

/** A row the server answered as held in the target, whose lead id no lookup found. */
export interface UnresolvedRow extends RowRef {
  message: string;
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
  totals: ImportTotals;
  remaining_in_plan: number | null;
  rejected: RejectedRow[];
  /** A dry run's warnings, in input order; a real run's are the API's counters instead. */
  warnings: RowWarnings;
  /** Rows the server refused one by one; every other row of their batches was sent without them. */
  refused: RefusedRow[];
  failed: FailedRows[];
  existing_leads: ExistingRow[];
  unresolved: UnresolvedRow[];
  /** listLeads requests made to recover or resolve lead ids. */
  lookups: number;
  /** The body size batches were cut to after the server answered 413; null if it never did. */
  body_limit_bytes: number | null;
  batches: BatchCounts & { resumed: number };
  /** How the API's 2xx answers differed from its spec; `indices` are input rows. */
  anomalies: ImportAnomaly[];
}

function emptyBatches(): BatchCounts {
  return { sent: 0, accepted: 0, failed: 0, refused: 0, retried: 0, replayed: 0 };
}

/** What earlier runs recorded in the journal. */
export interface PriorRuns {
  batches: number;
  totals: ImportTotals;
  remaining_in_plan: number | null;
}

/**
 * The CLI report of one run: a projection of importLeads' report, whose every entry carries its
 * row as its ref (so the CLI's one index is the row), plus what only the CLI knows: rows resumed
 * from the journal and rows rejected before importLeads (unparsable, or invalid in a dry run).
 */
export class CliReportBuilder {
  /** Rows read and settled here, never given to importLeads. */
  private ownRows = 0;
  private resumedRows = 0;
  private readonly rejected: RejectedRow[] = [];
  private readonly warnings = new RowWarnings();
  private imported: ImportReport<RowRef> | undefined;
  private live: ImportProgress | undefined;

  constructor(
    private readonly head: Pick<CliReport, "input" | "target" | "dry_run">,
    private readonly prior: PriorRuns | undefined,
    private readonly redact: (text: string) => string,
  ) {}

  /** Rows read from the input so far. */
  get read(): number {
    return this.ownRows + (this.imported?.input_count ?? this.live?.read ?? 0);
  }

  /** Notes a valid row of a dry run: read, checked and not sent. */
  noteChecked(): void {
    this.ownRows += 1;
  }

  /** Notes a row skipped because the journal holds it as accepted. */
  noteResumed(): void {
    this.ownRows += 1;
    this.resumedRows += 1;
  }

  /** Rejects a row before it reaches importLeads (unparsable, or invalid in a dry run). */
  reject(ref: RowRef, issues: readonly Omit<LeadIssue, "index">[]): void {
    this.ownRows += 1;
    this.rejected.push(this.rejectedRow(ref, issues));
  }

  /** Notes warnings about a row that is still valid (and counted by noteChecked). */
  warn(ref: RowRef, findings: readonly RowFinding[]): void {
    this.warnings.add(ref, findings);
  }

  /** Batches of the import sent and not yet answered, as importLeads last reported them. */
  get inFlight(): number {
    return this.live?.inFlight ?? 0;
  }

  /** The import's progress, as importLeads reports it. */
  noteProgress(progress: ImportProgress): void {
    this.live = progress;
  }

  /** Takes importLeads' report, whose refs are the input rows. */
  addImport(report: ImportReport<RowRef>): void {
    this.imported = report;
  }

  /** Counts for the progress display. */
  snapshot(total: number | undefined): ProgressSnapshot {
    const live = this.live;
    const priorTotals = this.prior?.totals ?? zeroCounters();
    const rejected = this.rejected.length + (live?.rejected ?? 0);
    const failed = live?.failed ?? 0;
    const refused = live?.refused ?? 0;
    const sent = live?.done ?? 0;
    const uploaded = priorTotals.leads_uploaded + (live?.uploaded ?? 0);
    return {
      read: this.read,
      settled: this.resumedRows + sent + rejected + refused + failed,
      resumed: this.resumedRows,
      uploaded,
      notUploaded: priorTotals.total_sent + sent - uploaded,
      rejected,
      refused,
      failed,
      concurrency: live?.concurrency ?? 0,
      total,
    };
  }

  /** The accounting problems of importLeads' report, by the library's own check (none when sound). */
  problems(): string[] {
    return this.imported === undefined ? [] : checkReportInvariant(this.imported);
  }

  /** The report so far; `stopped` says why the input was not read through. */
  report(stopped: string | null): CliReport {
    const imported = this.imported;
    const priorTotals = this.prior?.totals ?? zeroCounters();
    const rejected = [
      ...this.rejected,
      ...(imported?.rejected ?? []).map(({ ref, issues }) => this.rejectedRow(ref, issues)),
    ];
    const failed = (imported?.failed ?? []).map(({ refs, ...failure }) => ({
      ...failure,
      message: this.redact(failure.message),
      indices: refs.map((ref) => ref.index),
      rows: refs,
    }));
    return {
      ...this.head,
      stopped,
      input_count: this.read,
      resumed: this.resumedRows,
      totals: imported ? addTotals(priorTotals, imported.totals) : priorTotals,
      remaining_in_plan: imported?.remaining_in_plan ?? this.prior?.remaining_in_plan ?? null,
      rejected: rejected.sort((a, b) => a.index - b.index),
      warnings: this.warnings,
      refused: (imported?.refused ?? []).map(({ ref, status, message }) => ({
        ...ref,
        status,
        message: this.redact(message),
      })),
      failed: failed.sort((a, b) => (a.indices[0] ?? 0) - (b.indices[0] ?? 0)),
      existing_leads: (imported?.existing_leads ?? []).map(({ ref, id, email }) => ({
        index: ref.index,
        line: ref.line,
        id,
        email,
      })),
      unresolved: (imported?.unresolved ?? []).map(({ ref, message }) => ({
        ...ref,
        message: this.redact(message),
      })),
      lookups: imported?.lookups ?? 0,
      body_limit_bytes: imported?.body_limit_bytes ?? null,
      batches: { ...(imported?.batches ?? emptyBatches()), resumed: this.prior?.batches ?? 0 },
      anomalies: (imported?.anomalies ?? []).map(({ refs, ...anomaly }) => ({
        ...anomaly,
        indices: refs.map((ref) => ref.index),
      })),
    };
  }

  private rejectedRow(ref: RowRef, issues: readonly Omit<LeadIssue, "index">[]): RejectedRow {
    const { index } = ref;
    const located = issues.map(({ field, message }) => ({ index, field, message }));
    return { ...ref, issues: located };
  }
}

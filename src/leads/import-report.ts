import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { ImportAnomaly } from "./anomalies.js";
import { RESPONSE_COUNTERS, zeroCounters, type ResponseCounters } from "./response.js";
import { NO_REF, refAt, withRef, type Ref, type RefField, type RefsField } from "./lead-entry.js";
import { issueText, type LeadIssue } from "../spec/lead-issue.js";
import type { LeadOutcome, NotCreatedCause } from "./lead-outcome.js";

/** The response counters, summed over the batches the server accepted. */
export type ImportTotals = ResponseCounters;

/**
 * A lead the server created; `index` is its position in the caller's input, `ref` the caller's ref
 * of it. `recovered` marks a lead created by an attempt whose answer was lost, its id looked up.
 */
export type CreatedLead<R = never> = BulkAddLeadsResponse["created_leads"][number] & {
  recovered?: true;
} & RefField<R>;

/** A lead that was already in the target before the import, with its id (`resolveExisting`). */
export type ExistingLead<R = never> = { index: number; id: string; email: string } & RefField<R>;

/** A lead the server holds by its answer, but whose id no lookup found. */
export type UnresolvedLead<R = never> = { index: number; message: string } & RefField<R>;

/** A lead set aside as invalid, never sent. */
export type RejectedLead<R = never> = { index: number; issues: LeadIssue[] } & RefField<R>;

/**
 * A lead the server refused when sent alone (400 or 422: a rule the spec does not state; 413: too
 * large), with the server's own message; every other lead of its batch was sent without it.
 */
export type RefusedLead<R = never> = {
  index: number;
  status: number;
  message: string;
} & RefField<R>;

/**
 * A lead of an accepted batch that the server applied and did not create: the answer's counters
 * say how many were not created and why (blocklisted, invalid email, already in the target...),
 * not which lead. `message` says what can be known: the earlier lead of the same batch whose email
 * it repeats (`duplicate_of`, its input index), an email no mail system would accept when the API
 * counted invalid emails, else the batch's counters.
 */
export type NotCreatedLead<R = never> = {
  index: number;
  message: string;
  cause: NotCreatedCause;
  duplicate_of?: number;
} & RefField<R>;

/**
 * How batches fared: every batch sent (each request of a split batch's parts counts as one) is
 * accepted, failed or refused. `retried` and `replayed` count batches, not attempts.
 */
export interface BatchCounts {
  sent: number;
  accepted: number;
  failed: number;
  /** Answered 400, 422 or 413 (nothing applied): its leads were sent again in parts, or refused. */
  refused: number;
  retried: number;
  /** Batches re-sent after an attempt the server may have applied (5xx, timeout, dropped connection). */
  replayed: number;
}

/** Leads that were not accepted for a reason outside the input: the caller decides what to do. */
export type ImportFailure<R = never> = {
  indices: number[];
  status?: number;
  message: string;
  /** True when the batch was re-sent after an attempt the server may have applied. */
  replayed: boolean;
  /**
   * The server may have applied these leads: an attempt got no answer that says otherwise (a
   * timeout, a dropped connection, a 5xx, or cancelled on the wire when the caller aborted). Pass
   * them again with `maybeApplied: true` to recover their ids without adding them twice.
   */
  maybe_applied?: true;
  /** The leads were read and never sent: the import stopped or was aborted first. */
  not_sent?: true;
} & RefsField<R>;

/** Why an import ended before its input was read through: an answer no later batch can escape. */
export interface ImportStop {
  /** The HTTP status of a refusal (401, 402, 403, 404); absent for a 2xx saying the plan is full. */
  status?: number;
  message: string;
}

/**
 * The outcome of importLeads: every input index read is accepted, rejected or failed. `R` is the
 * type of the refs given with the leads; bare leads (R = never) give entries without `ref` / `refs`.
 */
export interface ImportReport<R = never> {
  /** Leads read from the input. */
  input_count: number;
  /** Leads in batches the server accepted (answered 2xx), counted by importLeads itself. */
  sent: number;
  /**
   * Leads of the input never read because the import stopped or was aborted: 0 when the input was
   * read through; for an array, its remaining length; for another iterable, null (unknown; the
   * source was closed by calling its `return()`).
   */
  not_read: number | null;
  /** Why the import ended early (401/402/403/404, or a full plan); null otherwise. */
  stopped: ImportStop | null;
  /** The sums of the server's own counters, as it answered them (a missing one counts 0). */
  totals: ImportTotals;
  /** From the latest response by completion; null until one arrives or for lists. */
  remaining_in_plan: number | null;
  /**
   * Sorted by `index`, the position in the caller's input, recovered leads included; empty with
   * `keepCreatedLeads: false`.
   */
  created_leads: CreatedLead<R>[];
  rejected: RejectedLead<R>[];
  /** Leads the server refused one by one (sent alone), sorted by `index`. */
  refused: RefusedLead<R>[];
  failed: ImportFailure<R>[];
  /** With `resolveExisting`: leads of accepted batches already in the target, sorted by `index`. */
  existing_leads: ExistingLead<R>[];
  /**
   * Leads of accepted batches that were not created, sorted by `index`, each with what can be known
   * of why (unresolved ones among them); empty with `keepCreatedLeads: false`. With the other lists,
   * created + existing + not_created + rejected + refused + failed name every input lead once.
   */
  not_created: NotCreatedLead<R>[];
  /** Leads the server answered as held in the target whose id no lookup found. */
  unresolved: UnresolvedLead<R>[];
  /** listLeads requests made to recover or resolve ids. */
  lookups: number;
  /**
   * The body size in bytes batches were cut to after the server answered 413 (the largest body it
   * accepted then); null when it never did.
   */
  body_limit_bytes: number | null;
  batches: BatchCounts;
  /** Every way an accepted batch's 2xx body differed from the documented 200, in batch order. */
  anomalies: ImportAnomaly<R>[];
}

/** What the ids lookup of one accepted batch found, in input positions. */
export interface BatchIds<R = never> {
  recovered: CreatedLead<R>[];
  existing: ExistingLead<R>[];
  unresolved: UnresolvedLead<R>[];
  lookups: number;
}

/** Counts so far, given to `onProgress` after each batch. */
export interface ImportProgress {
  read: number;
  /** Leads in accepted batches (the report's `sent`). */
  done: number;
  rejected: number;
  /** Leads the server refused one by one. */
  refused: number;
  failed: number;
  uploaded: number;
  /** done - leads_uploaded so far. */
  skipped: number;
  /** The input length when known (arrays). */
  total?: number;
  batches: BatchCounts;
  /** Batches allowed in flight at the moment (adaptive unless `concurrency` is a number). */
  concurrency: number;
  /** Requests of batches (or their parts) sent and not yet settled. */
  inFlight: number;
}

/**
 * How leads that were not accepted fared: `sent` as a batch that failed, `split` (sent in parts,
 * each refused as the whole was: the refusal was about the request), `not_sent` at all, or
 * `withheld`: not sent again because an earlier attempt may have applied it and a replay is unsafe.
 */
export type FailedHow = "sent" | "split" | "not_sent" | "withheld";

/** Every lead's outcome as it is recorded (see ImportOptions.onOutcome). */
export type OutcomeSink<R> = (outcomes: LeadOutcome<R>[]) => void;

/**
 * Accumulates an ImportReport as leads are read, rejected, accepted and failed, and hands each
 * lead's outcome to `onOutcome` as it records it: the outcome stream is a view of this ledger.
 */
export class ReportBuilder<R = never> {
  private read = 0;
  private sent = 0;
  private failedLeads = 0;
  private notRead: number | null = 0;
  private stopped: ImportStop | null = null;
  private readonly anomalies: ImportAnomaly<R>[] = [];
  private lookups = 0;
  private readonly totals = zeroCounters();
  private remainingInPlan: number | null = null;
  private readonly created: CreatedLead<R>[] = [];
  private readonly rejected: RejectedLead<R>[] = [];
  private readonly refused: RefusedLead<R>[] = [];
  private bodyLimitBytes: number | null = null;
  private concurrency = 0;
  private readonly failed: ImportFailure<R>[] = [];
  private readonly existing: ExistingLead<R>[] = [];
  private readonly notCreated: NotCreatedLead<R>[] = [];
  private readonly unresolved: UnresolvedLead<R>[] = [];
  private readonly batches: BatchCounts = {
    sent: 0,
    accepted: 0,
    failed: 0,
    refused: 0,
    retried: 0,
    replayed: 0,
  };

  /**
   * `total` is the input length when it is known up front; without `keepCreatedLeads` the report
   * lists no created leads, so its memory does not grow with the input.
   */
  constructor(
    private readonly total: number | undefined,
    private readonly keepCreatedLeads = true,
    private readonly onOutcome?: OutcomeSink<R>,
  ) {}

  noteRead(index: number): void {
    this.read = Math.max(this.read, index + 1);
  }

  /** Sets a lead aside with its issues; it is never sent. `ref` is NO_REF for a bare lead. */
  reject(index: number, issues: LeadIssue[], ref: Ref<R>): void {
    this.rejected.push(withRef({ index, issues }, ref));
    if (this.onOutcome === undefined) return;
    const message = issues.map(issueText).join("; ");
    this.onOutcome([withRef({ index, status: "rejected", message }, ref)]);
  }

  noteSent(): void {
    this.batches.sent++;
  }

  /** A batch answered 400, 422 or 413: its leads are settled as its parts are. */
  noteRefusedBatch(): void {
    this.batches.refused++;
  }

  /** A lead the server refused alone, with its answer. `ref` is NO_REF for a bare lead. */
  refuse(index: number, status: number, message: string, ref: Ref<R>): void {
    this.refused.push(withRef({ index, status, message }, ref));
    this.onOutcome?.([withRef({ index, status: "refused", message, http_status: status }, ref)]);
  }

  /** The body size batches are now cut to, learned from a 413. */
  noteBodyLimit(bytes: number): void {
    this.bodyLimitBytes = bytes;
  }

  /** Batches allowed in flight now. */
  noteConcurrency(limit: number): void {
    this.concurrency = limit;
  }

  /** Notes how the batch's attempts went, once it is settled. */
  noteAttempts(attempts: { retried: boolean; replayed: boolean }): void {
    if (attempts.retried) this.batches.retried++;
    if (attempts.replayed) this.batches.replayed++;
  }

  /** Records why the import ended early and how much of the input it left unread. */
  noteStopped(stop: ImportStop | null, notRead: number | null): void {
    this.stopped = stop;
    this.notRead = notRead;
  }

  /**
   * Records an accepted batch of `leads` leads: its counters, its anomalies and the leads it
   * created and did not create, all already in input positions with their refs, and what the ids
   * lookup found. Existing and unresolved leads are kept even without `keepCreatedLeads`.
   */
  accept(
    leads: number,
    response: BulkAddLeadsResponse,
    anomalies: readonly ImportAnomaly<R>[],
    created: readonly CreatedLead<R>[],
    notCreated: readonly NotCreatedLead<R>[],
    ids: BatchIds<R>,
  ): void {
    this.batches.accepted++;
    this.sent += leads;
    this.anomalies.push(...anomalies);
    for (const name of RESPONSE_COUNTERS) this.totals[name] += response[name];
    this.remainingInPlan = response.remaining_in_plan;
    this.lookups += ids.lookups;
    this.existing.push(...ids.existing);
    this.unresolved.push(...ids.unresolved);
    this.onOutcome?.(acceptedOutcomes(created, ids.existing, notCreated));
    if (!this.keepCreatedLeads) return;
    this.created.push(...created);
    this.notCreated.push(...notCreated);
  }

  /** Records leads that were not accepted, and how (a failed batch counts among `batches`). */
  fail(failure: ImportFailure<R>, how: FailedHow): void {
    if (how === "sent") this.batches.failed++;
    this.failed.push(how === "not_sent" ? { ...failure, not_sent: true } : failure);
    this.failedLeads += failure.indices.length;
    if (this.onOutcome === undefined) return;
    const { indices, message, status: http_status, maybe_applied } = failure;
    const refs = (failure as { refs?: Ref<R>[] }).refs;
    const status = how === "not_sent" ? "not_sent" : "failed";
    const each = {
      status,
      message,
      ...(http_status === undefined ? {} : { http_status }),
      ...(maybe_applied === undefined ? {} : { maybe_applied }),
    } as const;
    this.onOutcome(
      indices.map((index, at) =>
        withRef({ index, ...each }, refs === undefined ? NO_REF : refAt(refs, at)),
      ),
    );
  }

  /** The counts so far, for `onProgress`. */
  progress(): ImportProgress {
    const { leads_uploaded } = this.totals;
    return {
      read: this.read,
      done: this.sent,
      rejected: this.rejected.length,
      refused: this.refused.length,
      failed: this.failedLeads,
      uploaded: leads_uploaded,
      skipped: this.sent - leads_uploaded,
      ...(this.total === undefined ? {} : { total: this.total }),
      batches: { ...this.batches },
      concurrency: this.concurrency,
      inFlight:
        this.batches.sent - this.batches.accepted - this.batches.failed - this.batches.refused,
    };
  }

  /** The report of everything recorded so far, with lists in input order. */
  report(): ImportReport<R> {
    const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
    return {
      input_count: this.read,
      sent: this.sent,
      not_read: this.notRead,
      stopped: this.stopped,
      totals: { ...this.totals },
      remaining_in_plan: this.remainingInPlan,
      created_leads: [...this.created].sort(byIndex),
      rejected: [...this.rejected].sort(byIndex),
      refused: [...this.refused].sort(byIndex),
      failed: [...this.failed].sort((a, b) => (a.indices[0] ?? 0) - (b.indices[0] ?? 0)),
      existing_leads: [...this.existing].sort(byIndex),
      not_created: [...this.notCreated].sort(byIndex),
      unresolved: [...this.unresolved].sort(byIndex),
      lookups: this.lookups,
      body_limit_bytes: this.bodyLimitBytes,
      batches: { ...this.batches },
      anomalies: [...this.anomalies].sort((a, b) => (a.indices[0] ?? 0) - (b.indices[0] ?? 0)),
    };
  }
}

/** The outcomes of an accepted batch's leads: created or recovered, existing, not created. */
function acceptedOutcomes<R>(
  created: readonly CreatedLead<R>[],
  existing: readonly ExistingLead<R>[],
  notCreated: readonly NotCreatedLead<R>[],
): LeadOutcome<R>[] {
  const refOfEntry = (entry: object) => ("ref" in entry ? (entry.ref as R) : NO_REF);
  return [
    ...created.map((lead) =>
      withRef(
        {
          index: lead.index,
          status: lead.recovered === true ? ("recovered" as const) : ("created" as const),
          id: lead.id,
          ...(lead.recovered === true
            ? { message: "created by an attempt whose answer was lost; its id looked up" }
            : {}),
        },
        refOfEntry(lead),
      ),
    ),
    ...existing.map((lead) =>
      withRef(
        {
          index: lead.index,
          status: "existing" as const,
          id: lead.id,
          message: "already in the target",
        },
        refOfEntry(lead),
      ),
    ),
    ...notCreated.map((lead) =>
      withRef(
        {
          index: lead.index,
          status: "not_created" as const,
          message: lead.message,
          cause: lead.cause,
        },
        refOfEntry(lead),
      ),
    ),
  ];
}

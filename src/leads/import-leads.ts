import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import { InstantlyAbortError } from "../client/errors.js";
import type { InstantlyClient } from "../client/types.js";
import { Batcher, type Batch } from "./batches.js";
import { planImport, type ImportOptions, type ImportPlan } from "./import-options.js";
import { ReportBuilder, type ImportFailure, type ImportReport, type ImportStop } from "./report.js";
import { isReplaySafe, sendBatch, type BatchOutcome, type SentBatch } from "./send-batch.js";
import type { LeadTarget } from "./target.js";
import { leadIssues } from "./validate.js";

/** The error importLeads rejects with when its signal aborts: the report accounts for every lead read. */
export type ImportAbortError = InstantlyAbortError & { report: ImportReport };

const ABORTED = Symbol("aborted");

/**
 * `next`, or ABORTED as soon as the signal aborts. A fresh listener per call, removed once settled:
 * racing every read against one long-lived promise would keep each batch reachable from it.
 */
function unlessAborted<T>(next: Promise<T>, signal: AbortSignal | undefined) {
  if (!signal) return next;
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    const settle = () => signal.removeEventListener("abort", onAbort);
    next.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}

/** One import: reads batches while slots are free, settles them into the report. */
class ImportRun {
  readonly builder: ReportBuilder;
  private readonly batcher: Batcher<unknown>;
  private readonly inFlight = new Set<Promise<void>>();
  /** A 401/402/403/404 or a full plan: nothing more is sent, and the source is no longer read. */
  private stop: ImportStop | undefined;
  private readonly stopping = new AbortController();
  /** Aborts on the caller's abort or on a stop: either ends the reading of the source. */
  private readonly ended: AbortSignal;
  private readonly inputLength: number | undefined;
  /** An error of the source or of a callback: the import ends with it. */
  private halt: { error: unknown } | undefined;

  constructor(
    private readonly client: InstantlyClient,
    private readonly plan: ImportPlan,
    leads: Iterable<unknown> | AsyncIterable<unknown>,
    private readonly options: ImportOptions,
  ) {
    this.inputLength = Array.isArray(leads) ? leads.length : undefined;
    this.builder = new ReportBuilder(this.inputLength, options.keepCreatedLeads);
    const { signal } = options;
    this.ended = signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal;
    this.batcher = new Batcher(leads, plan.batchSize, (lead, index) => this.check(lead, index));
  }

  /**
   * Runs to the end of the source, an error, the abort or a stop; in-flight batches are always
   * settled. After a stop or the abort the source is not read further.
   */
  async run(): Promise<{ aborted: boolean }> {
    const { signal } = this.options;
    const batches = this.batcher.batches();
    let readThrough = false;
    try {
      while (this.halt === undefined) {
        // Checked before asking for the next batch, which would start reading the source.
        if (this.ended.aborted) break;
        const next = await unlessAborted(batches.next(), this.ended);
        if (next === ABORTED) break;
        if (next.done === true) {
          readThrough = true;
          break;
        }
        this.batcher.claim(next.value);
        if (this.stop) await this.drain(next.value, this.stop);
        else await this.launch(next.value);
      }
    } catch (error) {
      this.halt ??= { error };
    }
    // Nothing more is read; the leads read but not yet launched are accounted for.
    const pending = this.batcher.close();
    if (pending.indices.length > 0) {
      if (signal?.aborted === true) {
        this.builder.fail({ indices: pending.indices, message: "aborted", replayed: false }, false);
      } else if (this.stop !== undefined) {
        this.builder.fail(this.notSent(pending.indices, this.stop), false);
      }
    }
    // Ends the source too (its return()), once it is done with the item it may be waiting for.
    void batches.return().catch(() => {});
    await Promise.all(this.inFlight);
    if (this.halt) throw this.halt.error;
    const read = this.builder.progress().read;
    const unknown = this.inputLength === undefined ? null : this.inputLength - read;
    this.builder.noteStopped(this.stop ?? null, readThrough ? 0 : unknown);
    return { aborted: signal?.aborted === true };
  }

  /** Leads read but not sent because the import stopped. */
  private notSent(indices: number[], stop: ImportStop): ImportFailure {
    return {
      indices,
      ...(stop.status === undefined ? {} : { status: stop.status }),
      message: `not sent: the import stopped at ${stop.message}`,
      replayed: false,
    };
  }

  private check(lead: unknown, index: number): boolean {
    this.builder.noteRead(index);
    const issues = leadIssues(this.plan.kind, lead, index);
    if (issues.length === 0) return true;
    this.builder.reject(index, issues);
    return false;
  }

  /** Sends the batch, then waits until fewer than `concurrency` batches are in flight. */
  private async launch(batch: Batch<unknown>): Promise<void> {
    this.builder.noteSent();
    // The batcher only lets through leads that passed validation for this target.
    const body = { ...this.plan.base, leads: batch.items } as BulkAddLeadsBody;
    const policy = {
      kind: this.plan.kind,
      replaySafe: isReplaySafe(this.plan.kind, batch.items),
      signal: this.options.signal,
      rateLimitPatienceMs: this.plan.rateLimitPatienceMs,
    };
    const task: Promise<void> = sendBatch(this.client, body, batch.indices, policy)
      .then((sent) => this.settle(sent))
      .catch((error: unknown) => {
        this.halt ??= { error };
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
    while (this.inFlight.size >= this.plan.concurrency) await Promise.race(this.inFlight);
  }

  private async drain(batch: Batch<unknown>, stop: ImportStop): Promise<void> {
    await this.finish({ accepted: false, failure: this.notSent(batch.indices, stop) }, false);
  }

  private async settle(sent: SentBatch): Promise<void> {
    this.builder.noteAttempts(sent);
    if (sent.stop !== undefined && this.stop === undefined) {
      this.stop = sent.stop;
      this.stopping.abort();
    }
    await this.finish(sent.outcome, true);
  }

  private async finish(outcome: BatchOutcome, sent: boolean): Promise<void> {
    try {
      await this.options.onBatch?.(outcome);
    } finally {
      if (outcome.accepted) {
        this.builder.accept(outcome.indices, outcome.response, outcome.anomalies);
      } else this.builder.fail(outcome.failure, sent);
    }
    this.options.onProgress?.(this.builder.progress());
  }
}

/**
 * Imports any number of leads into one campaign or list: invalid leads are set aside, the rest go
 * in batches of consecutive valid leads with bounded concurrency and backpressure on the source.
 * A batch answered 2xx is accepted whatever its body; the body's anomalies go in the report.
 * 401, 402, 403, 404 or a campaign's full plan stop the import: the source is read no further.
 * Returns a report in which every input index read is accepted, rejected or failed. Throws
 * InstantlyValidationError for a bad target or options before anything is read; on abort, rejects
 * with an InstantlyAbortError carrying `report`; an error thrown by the source, `onBatch` or
 * `onProgress` ends the import and is rethrown once the batches in flight have settled.
 */
export async function importLeads(
  client: InstantlyClient,
  target: LeadTarget,
  leads: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const run = new ImportRun(client, planImport(target, options), leads, options);
  const { aborted } = await run.run();
  if (aborted) {
    const report = run.builder.report();
    const error = new InstantlyAbortError(
      `importLeads was aborted after reading ${report.input_count} leads`,
      { cause: options.signal?.reason },
    );
    throw Object.assign(error, { report }) satisfies ImportAbortError;
  }
  const report = run.builder.report();
  options.onProgress?.(run.builder.progress());
  return report;
}

import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import { InstantlyAbortError, type InstantlyApiError } from "../client/errors.js";
import type { InstantlyClient } from "../client/types.js";
import { Batcher, type Batch } from "./batches.js";
import { planImport, type ImportOptions, type ImportPlan } from "./import-options.js";
import { preflightTarget } from "./preflight.js";
import { ReportBuilder, type ImportReport } from "./report.js";
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
  /** A 401/402/404: nothing more is sent, the rest of the source is drained into `failed`. */
  private stop: InstantlyApiError | undefined;
  /** An error of the source or of a callback: the import ends with it. */
  private halt: { error: unknown } | undefined;

  constructor(
    private readonly client: InstantlyClient,
    private readonly plan: ImportPlan,
    leads: Iterable<unknown> | AsyncIterable<unknown>,
    private readonly options: ImportOptions,
  ) {
    this.builder = new ReportBuilder(
      Array.isArray(leads) ? leads.length : undefined,
      options.keepCreatedLeads,
    );
    this.batcher = new Batcher(leads, plan.batchSize, (lead, index) => this.check(lead, index));
  }

  /** Runs to the end of the source, an error, or the abort; in-flight batches are always settled. */
  async run(): Promise<{ aborted: boolean }> {
    const { signal } = this.options;
    const batches = this.batcher.batches();
    try {
      while (this.halt === undefined) {
        // Checked before asking for the next batch, which would start reading the source.
        if (signal?.aborted) break;
        const next = await unlessAborted(batches.next(), signal);
        if (next === ABORTED || next.done) break;
        this.batcher.claim(next.value);
        if (this.stop) await this.drain(next.value, this.stop);
        else await this.launch(next.value);
      }
    } catch (error) {
      this.halt ??= { error };
    }
    // Nothing more is read; on abort, the leads read but not yet launched are accounted for.
    const pending = this.batcher.close();
    if (signal?.aborted && pending.indices.length > 0) {
      this.builder.fail({ indices: pending.indices, message: "aborted", replayed: false }, false);
    }
    // Ends the source too (its return()), once it is done with the item it may be waiting for.
    void batches.return().catch(() => {});
    await Promise.all(this.inFlight);
    if (this.halt) throw this.halt.error;
    return { aborted: signal?.aborted === true };
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
      replaySafe: isReplaySafe(this.plan.kind, batch.items),
      signal: this.options.signal,
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

  private async drain(batch: Batch<unknown>, stop: InstantlyApiError): Promise<void> {
    const failure = {
      indices: batch.indices,
      status: stop.status,
      message: `not sent: the import stopped at ${stop.message}`,
      replayed: false,
    };
    await this.finish({ accepted: false, failure }, false);
  }

  private async settle(sent: SentBatch): Promise<void> {
    this.builder.noteAttempts(sent);
    this.stop ??= sent.stop;
    await this.finish(sent.outcome, true);
  }

  private async finish(outcome: BatchOutcome, sent: boolean): Promise<void> {
    try {
      await this.options.onBatch?.(outcome);
    } finally {
      if (outcome.accepted) this.builder.accept(outcome.indices, outcome.response);
      else this.builder.fail(outcome.failure, sent);
    }
    this.options.onProgress?.(this.builder.progress());
  }
}

/**
 * Imports any number of leads into one campaign or list: invalid leads are set aside, the rest go
 * in batches of consecutive valid leads with bounded concurrency and backpressure on the source.
 * Returns a report in which every input index is accepted, rejected or failed. Throws
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
  const plan = planImport(target, options);
  if (options.preflight === true) await preflightTarget(client, plan, options.signal);
  const run = new ImportRun(client, plan, leads, options);
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

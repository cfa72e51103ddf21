import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import type { InstantlyClient } from "../client/types.js";
import { Batcher, type Batch } from "./batches.js";
import {
  planImport,
  type BatchResult,
  type ImportOptions,
  type ImportPlan,
} from "./import-options.js";
import {
  leadOf,
  refFieldOf,
  refOf,
  refsFieldOf,
  type ImportLead,
  type LeadSource,
  type LeadWithRef,
  type UntypedLead,
} from "./lead-entry.js";
import { InstantlyImportAbortedError } from "./errors.js";
import { preflightTarget } from "./preflight.js";
import { lookUpBatchIds, type LookupTarget } from "./recover-ids.js";
import {
  ReportBuilder,
  type BatchIds,
  type CreatedLead,
  type ImportFailure,
  type ImportReport,
  type ImportStop,
} from "./import-report.js";
import { isReplaySafe, sendBatch, type BatchPolicy, type SentBatch } from "./send-batch.js";
import type { LeadTarget } from "../spec/lead-target.js";
import { leadIssues } from "./validate.js";

const ABORTED = Symbol("aborted");

/** A batch read and serialized, waiting for a free slot. */
interface PreparedBatch {
  batch: Batch<unknown>;
  body: BulkAddLeadsBody;
  policy: BatchPolicy;
  serialized: Uint8Array;
}

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
class ImportRun<R> {
  readonly builder: ReportBuilder<R>;
  /** Input items: bare leads or `{ lead, ref }` entries, split when sent or reported. */
  private readonly batcher: Batcher<unknown>;
  private readonly lookupTarget: LookupTarget;
  /**
   * Ids recovered so far (only leads of lost attempts, so few): a later row with the same email is
   * a duplicate the server de-duplicated, not a second lead, and must not claim the same id.
   */
  private readonly recoveredIds = new Set<string>();
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
    leads: LeadSource<unknown>,
    private readonly options: ImportOptions<R>,
  ) {
    this.inputLength = Array.isArray(leads) ? leads.length : undefined;
    this.builder = new ReportBuilder<R>(this.inputLength, options.keepCreatedLeads);
    const { signal } = options;
    this.ended = signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal;
    this.batcher = new Batcher(leads, plan.batchSize, (item, index) => this.check(item, index));
    const { campaign_id, list_id } = plan.base;
    this.lookupTarget = { kind: plan.kind, id: campaign_id ?? list_id ?? "" };
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
        if (this.stop) {
          await this.drain(next.value, this.stop);
          continue;
        }
        // Read and serialized while every slot is busy, so a slot that frees sends it at once.
        const prepared = this.prepare(next.value);
        await this.slotFree();
        // A stop, the abort or an error may have come while it waited: then it is never sent.
        if (this.stop) await this.drain(next.value, this.stop);
        else if (this.halt === undefined && signal?.aborted !== true) this.launch(prepared);
        else this.setAside(next.value);
      }
    } catch (error) {
      this.halt ??= { error };
    }
    // Nothing more is read; the leads read but not yet launched are accounted for.
    const pending = this.batcher.close();
    if (pending.indices.length > 0) this.setAside(pending);
    // Ends the source too (its return()), once it is done with the item it may be waiting for.
    void batches.return().catch(() => {});
    await Promise.all(this.inFlight);
    if (this.halt) throw this.halt.error;
    const read = this.builder.progress().read;
    const unknown = this.inputLength === undefined ? null : this.inputLength - read;
    this.builder.noteStopped(this.stop ?? null, readThrough ? 0 : unknown);
    return { aborted: signal?.aborted === true };
  }

  /** Accounts for leads read but never sent, because the caller aborted or the import stopped. */
  private setAside(batch: Batch<unknown>): void {
    const refs = refsFieldOf(batch.items.map(refOf));
    if (this.options.signal?.aborted === true) {
      const failure = { indices: batch.indices, message: "aborted", replayed: false, ...refs };
      this.builder.fail(failure as ImportFailure<R>, false);
    } else if (this.stop !== undefined) {
      const failure = { ...this.notSent(batch.indices, this.stop), ...refs };
      this.builder.fail(failure as ImportFailure<R>, false);
    }
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

  private check(item: unknown, index: number): boolean {
    this.builder.noteRead(index);
    const issues = leadIssues(this.plan.kind, leadOf(item), index);
    if (issues.length === 0) return true;
    this.builder.reject(index, issues, refOf(item));
    return false;
  }

  /** The batch's body, serialized, and how it is to be sent. */
  private prepare(batch: Batch<unknown>): PreparedBatch {
    // The batcher only lets through leads that passed validation for this target.
    const leads = batch.items.map(leadOf);
    const body = { ...this.plan.base, leads } as BulkAddLeadsBody;
    const policy = {
      kind: this.plan.kind,
      replaySafe: isReplaySafe(this.plan.kind, leads),
      signal: this.options.signal,
      rateLimitPatienceMs: this.plan.rateLimitPatienceMs,
    };
    return { batch, body, policy, serialized: Buffer.from(JSON.stringify(body), "utf8") };
  }

  /** Waits until fewer than `concurrency` batches are in flight. */
  private async slotFree(): Promise<void> {
    while (this.inFlight.size >= this.plan.concurrency) await Promise.race(this.inFlight);
  }

  private launch({ batch, body, policy, serialized }: PreparedBatch): void {
    this.builder.noteSent();
    const sentAt = Date.now();
    const task: Promise<void> = sendBatch(this.client, body, batch.indices, policy, serialized)
      .then((sent) => this.settle(sent, batch, sentAt))
      .catch((error: unknown) => {
        this.halt ??= { error };
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private async drain(batch: Batch<unknown>, stop: ImportStop): Promise<void> {
    const refs = refsFieldOf(batch.items.map(refOf));
    const failure = { ...this.notSent(batch.indices, stop), ...refs };
    await this.finish({ accepted: false, failure } as BatchResult<R>, false);
  }

  /** Maps the batch's outcome to input positions and refs, recovering ids first if need be. */
  private async settle(sent: SentBatch, batch: Batch<unknown>, sentAt: number): Promise<void> {
    this.builder.noteAttempts(sent);
    if (sent.stop !== undefined && this.stop === undefined) {
      this.stop = sent.stop;
      this.stopping.abort();
    }
    const { outcome } = sent;
    const refs = batch.items.map(refOf);
    if (!outcome.accepted) {
      const failure = { ...outcome.failure, ...refsFieldOf(refs) } as ImportFailure<R>;
      return this.finish({ accepted: false, failure }, true);
    }
    const { response, anomalies } = outcome;
    const created = response.created_leads.map(
      (lead) =>
        ({
          ...lead,
          index: batch.indices[lead.index] ?? lead.index,
          ...refFieldOf(refs[lead.index]),
        }) as CreatedLead<R>,
    );
    const sentLeads = () =>
      batch.items.map((item, position) => ({
        lead: leadOf(item),
        index: batch.indices[position] ?? position,
        ref: refs[position],
      }));
    const ids = await lookUpBatchIds<R>(this.client, this.lookupTarget, sentLeads, response, {
      replayed: sent.replayed,
      resolveExisting: this.options.resolveExisting === true,
      sentAt,
      signal: this.options.signal,
    });
    ids.recovered = ids.recovered.filter((lead) => {
      if (this.recoveredIds.has(lead.id)) return false;
      this.recoveredIds.add(lead.id);
      return true;
    });
    created.push(...ids.recovered);
    created.sort((a, b) => a.index - b.index);
    const result = {
      accepted: true,
      indices: outcome.indices,
      response,
      anomalies,
      created_leads: created,
      existing_leads: ids.existing,
      unresolved: ids.unresolved,
      ...refsFieldOf(refs),
    } as BatchResult<R>;
    await this.finish(result, true, ids);
  }

  private async finish(outcome: BatchResult<R>, sent: boolean, ids?: BatchIds<R>): Promise<void> {
    try {
      await this.options.onBatch?.(outcome);
    } finally {
      if (outcome.accepted) {
        const mapped = ids && { created: outcome.created_leads, ids };
        this.builder.accept(outcome.indices, outcome.response, outcome.anomalies, mapped);
      } else this.builder.fail(outcome.failure, sent);
    }
    this.options.onProgress?.(this.builder.progress());
  }
}

/**
 * Imports any number of leads into one campaign or list: invalid leads are set aside, the rest go
 * in batches of consecutive valid leads with bounded concurrency and backpressure on the source
 * (one batch is read and serialized ahead while every slot is busy).
 * A batch answered 2xx is accepted whatever its body; the body's anomalies go in the report.
 * 401, 402, 403, 404 or a campaign's full plan stop the import: the source is read no further.
 * Returns a report in which every input index read is accepted, rejected or failed. Throws
 * InstantlyValidationError for a bad target or options before anything is read; on abort, rejects
 * with an InstantlyAbortError carrying `report`; an error thrown by the source, `onBatch` or
 * `onProgress` ends the import and is rethrown once the batches in flight have settled.
 *
 * `leads` holds the spec's leads, or `{ lead, ref }` entries whose `ref` is carried to every report
 * entry of that lead. Values from untyped sources (`unknown`, `Record<string, unknown>`) are
 * accepted too and checked at run time, as every lead is.
 */
export function importLeads<R = never>(
  client: InstantlyClient,
  target: LeadTarget,
  leads: LeadSource<LeadWithRef<ImportLead, R>>,
  options?: ImportOptions<R>,
): Promise<ImportReport<R>>;
export function importLeads(
  client: InstantlyClient,
  target: LeadTarget,
  leads: LeadSource<ImportLead>,
  options?: ImportOptions,
): Promise<ImportReport>;
export function importLeads<L, R>(
  client: InstantlyClient,
  target: LeadTarget,
  leads: LeadSource<LeadWithRef<L, R>> & LeadSource<LeadWithRef<UntypedLead<L>, R>>,
  options?: ImportOptions<R>,
): Promise<ImportReport<R>>;
export function importLeads<T>(
  client: InstantlyClient,
  target: LeadTarget,
  leads: LeadSource<T> & LeadSource<UntypedLead<T>>,
  options?: ImportOptions,
): Promise<ImportReport>;
export async function importLeads(
  client: InstantlyClient,
  target: LeadTarget,
  leads: LeadSource<unknown>,
  options: ImportOptions<unknown> | ImportOptions = {},
): Promise<ImportReport<unknown>> {
  // Refs are opaque here: whatever the overload, they are only carried from input to report.
  const opts = options as ImportOptions<unknown>;
  const plan = planImport(target, opts);
  if (opts.preflight === true) await preflightTarget(client, plan, opts.signal);
  const run = new ImportRun<unknown>(client, plan, leads, opts);
  const { aborted } = await run.run();
  if (aborted) {
    throw new InstantlyImportAbortedError(run.builder.report(), { cause: opts.signal?.reason });
  }
  const report = run.builder.report();
  opts.onProgress?.(run.builder.progress());
  return report;
}

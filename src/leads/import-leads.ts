import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import type { InstantlyClient } from "../client/client-types.js";
import { AdaptiveConcurrency, concurrencyCeiling } from "./adaptive-concurrency.js";
import { Batcher, type Batch } from "./batches.js";
import {
  planImport,
  type BatchResult,
  type ImportOptions,
  type ImportPlan,
} from "./import-options.js";
import {
  leadOf,
  maybeAppliedOf,
  refAt,
  refOf,
  withRef,
  withRefs,
  type ImportLead,
  type Ref,
  type LeadSource,
  type LeadWithRef,
  type UntypedLead,
} from "./lead-entry.js";
import { InstantlyImportAbortedError } from "./errors.js";
import { preflightTarget } from "./preflight.js";
import { notCreatedLeads } from "./not-created.js";
import { lookUpBatchIds, type LookupTarget, type SentLead } from "./recover-ids.js";
import {
  ReportBuilder,
  type FailedHow,
  type ImportFailure,
  type ImportReport,
  type ImportStop,
} from "./import-report.js";
import { isolateRefused, isSplittable, TOO_LARGE, type Refusal } from "./isolate-refused.js";
import { isReplaySafe, sendBatch, type BatchPolicy, type SentBatch } from "./send-batch.js";
import { graceSignal } from "./abort-grace.js";
import { WITHHELD_MESSAGE } from "./maybe-applied.js";
import type { LeadTarget } from "../spec/lead-target.js";
import { leadIssues } from "./validate.js";

const ABORTED = Symbol("aborted");

/**
 * Consecutive valid leads: their input positions, the leads and their refs, split once; and, when
 * some are, which ones an earlier attempt may have applied.
 */
interface LeadBatch<R> {
  indices: number[];
  leads: unknown[];
  refs: Ref<R>[];
  maybeApplied?: boolean[];
}

function leadBatch<R>({ indices, items }: Batch<unknown>): LeadBatch<R> {
  const batch: LeadBatch<R> = {
    indices,
    leads: items.map(leadOf),
    refs: items.map((item) => refOf<R>(item)),
  };
  if (items.some(maybeAppliedOf)) batch.maybeApplied = items.map(maybeAppliedOf);
  return batch;
}

/** The leads at `positions` of a batch, as a batch of their own. */
function partOf<R>(batch: LeadBatch<R>, positions: readonly number[]): LeadBatch<R> {
  const part: LeadBatch<R> = {
    indices: positions.map((position) => batch.indices[position]!),
    leads: positions.map((position) => batch.leads[position]),
    refs: positions.map((position) => refAt(batch.refs, position)),
  };
  const { maybeApplied } = batch;
  if (maybeApplied) part.maybeApplied = positions.map((position) => maybeApplied[position]!);
  return part;
}

const utf8Length = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** A batch read and serialized, waiting for a free slot. */
interface PreparedBatch<R> {
  batch: LeadBatch<R>;
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
  /** Adapts the batches in flight unless `concurrency` fixes them. */
  private readonly adaptive: AdaptiveConcurrency | undefined;
  /** Bodies are cut to this many bytes once the server answered 413 (the largest it took then). */
  private bodyLimit: number | undefined;
  /** What requests follow: the caller's abort, after `abortGraceMs` for those on the wire. */
  private readonly grace: ReturnType<typeof graceSignal>;

  constructor(
    private readonly client: InstantlyClient,
    private readonly plan: ImportPlan,
    leads: LeadSource<unknown>,
    private readonly options: ImportOptions<R>,
  ) {
    this.inputLength = Array.isArray(leads) ? leads.length : undefined;
    this.builder = new ReportBuilder<R>(
      this.inputLength,
      options.keepCreatedLeads,
      options.onOutcome,
    );
    const { signal } = options;
    this.ended = signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal;
    this.grace = graceSignal(signal, plan.abortGraceMs);
    this.batcher = new Batcher(leads, plan.batchSize, (item, index) => this.check(item, index));
    const { campaign_id, list_id } = plan.base;
    this.lookupTarget = { kind: plan.kind, id: campaign_id ?? list_id ?? "" };
    if (plan.concurrency === "auto") {
      this.adaptive = new AdaptiveConcurrency(
        () => performance.now(),
        (baseRttMs) => concurrencyCeiling(client.requestRate, baseRttMs),
      );
    }
    this.builder.noteConcurrency(this.concurrency);
  }

  /** Batches allowed in flight now. */
  private get concurrency(): number {
    return this.adaptive?.limit ?? (this.plan.concurrency as number);
  }

  /**
   * Runs to the end of the source, an error, the abort or a stop; in-flight batches are always
   * settled. After a stop or the abort the source is not read further.
   */
  async run(): Promise<{ aborted: boolean }> {
    const { signal } = this.options;
    signal?.addEventListener("abort", this.onAbort, { once: true });
    try {
      return await this.readAndSend();
    } finally {
      signal?.removeEventListener("abort", this.onAbort);
      this.grace.dispose();
    }
  }

  /** Tells the caller at once what is still in flight (e.g. how long it may wait, and for what). */
  private readonly onAbort = () => {
    try {
      this.options.onProgress?.(this.builder.progress());
    } catch (error) {
      this.halt ??= { error };
    }
  };

  private async readAndSend(): Promise<{ aborted: boolean }> {
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
        const batch = leadBatch<R>(next.value);
        if (this.stop) {
          await this.drain(batch, this.stop);
          continue;
        }
        // Read and serialized while every slot is busy, so a slot that frees sends it at once.
        const prepared = this.prepare(batch);
        await this.slotFree();
        // A stop, the abort or an error may have come while it waited: then it is never sent.
        if (this.stop) await this.drain(batch, this.stop);
        else if (this.halt === undefined && signal?.aborted !== true) this.launch(prepared);
        else this.setAside(batch);
      }
    } catch (error) {
      this.halt ??= { error };
    }
    // Nothing more is read; the leads read but not yet launched are accounted for.
    const pending = this.batcher.close();
    if (pending.indices.length > 0) this.setAside(leadBatch<R>(pending));
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
  private setAside(batch: LeadBatch<R>): void {
    if (this.options.signal?.aborted === true) {
      const failure = { indices: batch.indices, message: "aborted", replayed: false };
      this.builder.fail(withRefs(failure, batch.refs), "not_sent");
    } else if (this.stop !== undefined) {
      this.builder.fail(withRefs(this.notSent(batch.indices, this.stop), batch.refs), "not_sent");
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
    const lead = leadOf(item);
    const issues = leadIssues(this.plan.kind, lead, index);
    if (issues.length > 0) {
      this.builder.reject(index, issues, refOf<R>(item));
      return false;
    }
    // Sent again only where the server de-duplicates it by email; else it may be added twice.
    if (maybeAppliedOf(item) && !isReplaySafe(this.plan.kind, [lead])) {
      const failure = { indices: [index], message: WITHHELD_MESSAGE, replayed: false };
      const withheld = withRefs({ ...failure, maybe_applied: true as const }, [refOf<R>(item)]);
      this.builder.fail(withheld, "withheld");
      return false;
    }
    return true;
  }

  /** The batch with its body serialized, ready for a free slot. */
  private prepare(batch: LeadBatch<R>): PreparedBatch<R> {
    return { batch, serialized: this.serialize(batch) };
  }

  /** The UTF-8 JSON body of these leads (the batcher only lets through leads valid for the target). */
  private serialize({ leads }: LeadBatch<R>): Uint8Array {
    return Buffer.from(JSON.stringify(this.bodyOf(leads)), "utf8");
  }

  private bodyOf(leads: unknown[]): BulkAddLeadsBody {
    return { ...this.plan.base, leads } as BulkAddLeadsBody;
  }

  /** Waits until fewer than `concurrency` batches are in flight. */
  private async slotFree(): Promise<void> {
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
  }

  private launch(prepared: PreparedBatch<R>): void {
    // Started a tick later, once the task is in `inFlight`: its requests count themselves in it.
    const task: Promise<void> = Promise.resolve()
      .then(() => this.sendPrepared(prepared))
      .catch((error: unknown) => {
        this.halt ??= { error };
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** The import stopped, was aborted or ended in an error: nothing more is sent. */
  private halted(): boolean {
    return (
      this.stop !== undefined || this.halt !== undefined || this.options.signal?.aborted === true
    );
  }

  /**
   * Sends a batch (in pieces within the learned body limit, if any), in its slot; a piece the
   * server refuses whole (400, 422, 413) is split until the leads it refuses are isolated.
   */
  private async sendPrepared({ batch, serialized }: PreparedBatch<R>): Promise<void> {
    const all = batch.indices.map((_, position) => position);
    const pieces =
      this.bodyLimit !== undefined && serialized.length > this.bodyLimit
        ? (this.cutToBodyLimit(batch, all) ?? [all])
        : [all];
    for (const positions of pieces) {
      // A batch sent whole goes as it was serialized ahead; pieces are taken out of it.
      const whole = pieces.length === 1;
      const part = whole ? batch : partOf(batch, positions);
      if (this.halted()) {
        this.setAside(part);
        continue;
      }
      const sent = await this.sendPart(part, whole ? serialized : this.serialize(part), true);
      if (sent.refusal !== undefined) await this.isolate(batch, positions, sent.refusal);
    }
  }

  /**
   * Sends a part of a batch (or all of it), serialized as `bytes`, as one request and settles it,
   * unless the server refused it whole (400, 422, 413: nothing applied), which is returned
   * instead. `sampled` feeds its latency to the adaptive concurrency (isolation parts are smaller
   * and would not compare).
   */
  private async sendPart(
    part: LeadBatch<R>,
    bytes: Uint8Array,
    sampled: boolean,
  ): Promise<{ refusal?: Refusal; acceptedBytes?: number }> {
    const { leads } = part;
    const body = this.bodyOf(leads);
    const { signal } = this.options;
    const policy: BatchPolicy = {
      kind: this.plan.kind,
      signal: this.grace.signal,
      // With a grace, the caller's abort only stops new attempts; the grace's end cancels the rest.
      noMoreAttempts: this.grace.signal === signal ? undefined : signal,
      rateLimitPatienceMs: this.plan.rateLimitPatienceMs,
      replaySafe: isReplaySafe(this.plan.kind, leads),
      onAttempt: sampled ? this.sampler(this.inFlight.size) : undefined,
    };
    this.builder.noteSent();
    const sentAt = Date.now();
    const sent = await sendBatch(this.client, body, part.indices, policy, bytes);
    const { outcome } = sent;
    if (!outcome.accepted && sent.stop === undefined && isSplittable(outcome.failure.status)) {
      this.builder.noteAttempts(sent);
      this.builder.noteRefusedBatch();
      const { status = 0, message } = outcome.failure;
      return { refusal: { status, message } };
    }
    await this.settle(sent, part, sentAt);
    return outcome.accepted ? { acceptedBytes: bytes.length } : {};
  }

  /** Feeds each attempt of a request sent with `inFlight` batches in flight to the controller. */
  private sampler(inFlight: number): BatchPolicy["onAttempt"] {
    const adaptive = this.adaptive;
    if (adaptive === undefined) return undefined;
    return ({ status, failure, ms }) => {
      // Cut by the abort: its time says nothing of the server.
      if (failure === "abort") return;
      const congested = status === undefined || status === 429 || status >= 500;
      adaptive.sample({ sentAt: performance.now() - ms, rttMs: ms, inFlight, congested });
      this.builder.noteConcurrency(adaptive.limit);
    };
  }

  /**
   * Splits a part the server refused whole until the leads it refuses are alone (see
   * isolateRefused); learns the body limit from a 413; stops the import when the refusal was not
   * about any lead.
   */
  private async isolate(batch: LeadBatch<R>, positions: number[], refusal: Refusal): Promise<void> {
    let tooLarge = refusal.status === TOO_LARGE;
    let largestAccepted = 0;
    const notAboutLeads = await isolateRefused(positions, refusal, {
      send: async (within) => {
        const part = partOf(batch, within);
        const sent = await this.sendPart(part, this.serialize(part), false);
        if (sent.refusal?.status === TOO_LARGE) tooLarge = true;
        largestAccepted = Math.max(largestAccepted, sent.acceptedBytes ?? 0);
        return sent.refusal;
      },
      refuse: (position, { status, message }) =>
        this.builder.refuse(batch.indices[position]!, status, message, refAt(batch.refs, position)),
      halted: () => this.halted(),
      setAside: (part) => this.setAside(partOf(batch, part)),
      cut: (part, { status }) =>
        status === TOO_LARGE ? this.cutToBodyLimit(batch, part) : undefined,
    });
    // Once lowered, the limit stays for the rest of the run (lower again only if it was wrong).
    if (tooLarge && largestAccepted > 0 && largestAccepted < (this.bodyLimit ?? Infinity)) {
      this.bodyLimit = largestAccepted;
      this.builder.noteBodyLimit(largestAccepted);
    }
    if (notAboutLeads === undefined) return;
    const { status, message } = notAboutLeads.refusal;
    if (this.stop === undefined) {
      this.stop = { status, message };
      this.stopping.abort();
    }
    const failed = partOf(batch, notAboutLeads.positions);
    const failure = { indices: failed.indices, status, message, replayed: false };
    await this.failed(withRefs(failure, failed.refs), "split");
  }

  /**
   * The leads at `positions` in pieces whose bodies fit the learned body limit (a lead larger
   * than it alone); undefined without a limit or when they fit in one.
   */
  private cutToBodyLimit(batch: LeadBatch<R>, positions: number[]): number[][] | undefined {
    const limit = this.bodyLimit;
    if (limit === undefined) return undefined;
    const overhead = utf8Length({ ...this.plan.base, leads: [] });
    const pieces: number[][] = [];
    let piece: number[] = [];
    let bytes = overhead;
    for (const position of positions) {
      // Each lead after the first adds a comma.
      const size = utf8Length(batch.leads[position]) + 1;
      if (piece.length > 0 && bytes + size > limit) {
        pieces.push(piece);
        piece = [];
        bytes = overhead;
      }
      piece.push(position);
      bytes += size;
    }
    if (piece.length > 0) pieces.push(piece);
    return pieces.length > 1 ? pieces : undefined;
  }

  private async drain(batch: LeadBatch<R>, stop: ImportStop): Promise<void> {
    await this.failed(withRefs(this.notSent(batch.indices, stop), batch.refs), "not_sent");
  }

  /** Maps the batch's outcome to input positions and refs, recovering ids first if need be. */
  private async settle(sent: SentBatch, batch: LeadBatch<R>, sentAt: number): Promise<void> {
    this.builder.noteAttempts(sent);
    if (sent.stop !== undefined && this.stop === undefined) {
      this.stop = sent.stop;
      this.stopping.abort();
    }
    const { outcome } = sent;
    const { indices, refs } = batch;
    if (!outcome.accepted) return this.failed(withRefs(outcome.failure, refs), "sent");
    const { response, anomalies } = outcome;
    const created = response.created_leads.map((lead) =>
      withRef({ ...lead, index: indices[lead.index] ?? lead.index }, refAt(refs, lead.index)),
    );
    const { maybeApplied } = batch;
    const sentLeads = (): SentLead<R>[] =>
      batch.leads.map((lead, position) => ({
        lead,
        index: indices[position] ?? position,
        ref: refAt(refs, position),
        ...(maybeApplied?.[position] === true ? { maybeApplied: true } : {}),
      }));
    const unreadable = anomalies.some(({ kind }) => kind === "not_json" || kind === "not_object");
    const ids = await lookUpBatchIds<R>(this.client, this.lookupTarget, sentLeads, response, {
      // Leads an earlier attempt may have applied come back as held: looked up as for a replay.
      replayed: sent.replayed || maybeApplied !== undefined,
      unreadable,
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
    // Most batches create every lead: then none is left to name, and no set is built for it.
    const allNamed = created.length + ids.existing.length === indices.length;
    const notCreated = allNamed
      ? []
      : notCreatedLeads<R>({
          indices,
          leads: batch.leads,
          refs,
          response,
          named: new Set([...created, ...ids.existing].map((lead) => lead.index)),
          unresolved: new Map(ids.unresolved.map((lead) => [lead.index, lead.message])),
          unreadable,
        });
    const result: BatchResult<R> = {
      accepted: true,
      indices,
      response,
      anomalies,
      created_leads: created,
      existing_leads: ids.existing,
      not_created: notCreated,
      unresolved: ids.unresolved,
      ...withRefs({}, refs),
    };
    const located = anomalies.map((anomaly) => withRefs({ ...anomaly, indices }, refs));
    await this.finish(result, () =>
      this.builder.accept(indices.length, response, located, created, notCreated, ids),
    );
  }

  /** Settles leads that were not accepted, and how. */
  private failed(failure: ImportFailure<R>, how: FailedHow): Promise<void> {
    return this.finish({ accepted: false, failure }, () => this.builder.fail(failure, how));
  }

  /** Hands the outcome to `onBatch`, then records it in the report whatever onBatch did. */
  private async finish(outcome: BatchResult<R>, record: () => void): Promise<void> {
    try {
      await this.options.onBatch?.(outcome);
    } finally {
      record();
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

import type { BulkAddLeadsBody, BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import type { ResponseAnomaly } from "./anomalies.js";
import type { RefsField } from "./lead-entry.js";
import type { LeadOutcome } from "./lead-outcome.js";
import type {
  CreatedLead,
  ExistingLead,
  ImportFailure,
  ImportProgress,
  NotCreatedLead,
  UnresolvedLead,
} from "./import-report.js";
import {
  TARGET_FIELDS,
  targetKind,
  type LeadTarget,
  type TargetKind,
} from "../spec/lead-target.js";
import type { AddLeadsBodyOptions } from "./add-leads-body.js";
import { validateTarget } from "./validate.js";
import { InstantlyValidationError } from "./errors.js";
// A longer grace than a timer can wait would fire at once.
import { MAX_TIMER_MS } from "../client/retry.js";
import type { LeadIssue } from "../spec/lead-issue.js";

/**
 * What happened to one batch, as given to `onBatch`, in input positions: an accepted batch's
 * created leads (recovered ones included), existing and unresolved leads, with the refs of its leads.
 */
export type BatchResult<R = never> =
  | ({
      accepted: true;
      indices: number[];
      response: BulkAddLeadsResponse;
      /** How the body differed from the documented 200; empty when it did not. */
      anomalies: ResponseAnomaly[];
      created_leads: CreatedLead<R>[];
      existing_leads: ExistingLead<R>[];
      /** Leads sent and not created (unresolved ones among them), each with what can be known. */
      not_created: NotCreatedLead<R>[];
      unresolved: UnresolvedLead<R>[];
    } & RefsField<R>)
  | { accepted: false; failure: ImportFailure<R> };

/** Options of importLeads: the body's own flags, plus batching, progress and cancellation. */
export interface ImportOptions<R = never> extends AddLeadsBodyOptions {
  /** Leads per request; default and upper bound: the spec's maxItems. */
  batchSize?: number;
  /**
   * Batches in flight at once: a number fixes it; "auto" (the default) adapts it to the server,
   * from 4, growing while latency holds and shrinking when it rises (a queue is forming) or on
   * 429 and 5xx, up to what the client's rate limit can use.
   */
  concurrency?: number | "auto";
  /** Called after each batch, and once when `signal` aborts (with the batches still in flight). */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Ends the import: nothing more is read or sent (no new batch, part or retry), and it rejects
   * with InstantlyImportAbortedError once the batches in flight have settled (see `abortGraceMs`).
   */
  signal?: AbortSignal;
  /**
   * Default 0. Milliseconds the requests in flight when `signal` aborts may still take to be
   * answered (an accepted batch is then reported as accepted); after that they are cancelled, and
   * their batches fail with `maybe_applied: true`.
   */
  abortGraceMs?: number;
  /**
   * Every input lead's outcome (created, existing, not created, rejected, refused, failed, not
   * sent), given as the report records it: each lead exactly once, in the order leads settle (not
   * input order), with its ref. Called synchronously; an error it throws ends the import, as one `onBatch` throws does.
   */
  onOutcome?: (outcomes: LeadOutcome<R>[]) => void;
  /** Awaited before the batch counts as done (the CLI journals accepted batches here). */
  onBatch?: (outcome: BatchResult<R>) => void | Promise<void>;
  /**
   * Default true. False keeps `created_leads` out of the report so that memory stays flat for a
   * stream of any length; each accepted batch's created leads still reach `onBatch`.
   */
  keepCreatedLeads?: boolean;
  /**
   * Milliseconds each batch may spend waiting out 429 answers (which apply nothing) before it
   * fails; default DEFAULT_RATE_LIMIT_PATIENCE_MS (10 minutes); 0 = the client's `maxRetries`.
   */
  rateLimitPatienceMs?: number;
  /**
   * Default false. True also looks up the ids of leads the server answered as already in the
   * target (`existing_leads`), so that every input lead with an email gets an id.
   */
  resolveExisting?: boolean;
  /**
   * Default false (one request per batch). True fetches the target once before reading the input;
   * if that fails (401, 403, 404, ...), importLeads rejects with the error, nothing read or sent.
   */
  preflight?: boolean;
}

/** importLeads' target and options, checked, with defaults applied. */
export interface ImportPlan {
  kind: TargetKind;
  /** Every field of each request's body except `leads`. */
  base: Omit<BulkAddLeadsBody, "leads">;
  batchSize: number;
  concurrency: number | "auto";
  rateLimitPatienceMs: number;
  abortGraceMs: number;
}

/** Adaptive: see `ImportOptions.concurrency`. */
export const DEFAULT_CONCURRENCY = "auto";
/** Ten minutes: the workspace limit is shared, so another integration may hold it for long. */
export const DEFAULT_RATE_LIMIT_PATIENCE_MS = 600_000;
const { maxItems } = bulkAddLeadsSpec.arrays.leads;
type BodyField = (typeof bulkAddLeadsSpec.requestBody.properties)[number];
const LEADS_FIELD = "leads" satisfies BodyField;
/** Body fields the caller sets through options (CLI flags): everything the spec has but target and leads. */
export const BODY_OPTION_FIELDS = bulkAddLeadsSpec.requestBody.properties.filter(
  (field): field is Exclude<BodyField, (typeof TARGET_FIELDS)[number] | typeof LEADS_FIELD> =>
    field !== LEADS_FIELD && !(TARGET_FIELDS as readonly string[]).includes(field),
);

function countIssue(field: string, value: unknown, min: number, max: number): LeadIssue[] {
  if (value === undefined) return [];
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) {
    return [];
  }
  const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
  return [
    {
      index: -1,
      field,
      message: `must be an integer ${range}, got ${typeof value === "number" || typeof value === "string" ? value : (JSON.stringify(value) ?? typeof value)}`,
    },
  ];
}

function concurrencyIssue(value: unknown): LeadIssue[] {
  if (value === "auto") return [];
  return countIssue("concurrency", value, 1, Infinity).map((issue) => ({
    ...issue,
    message: `must be "auto" or an integer at least 1, got ${String(value)}`,
  }));
}

/** Checks the target and options before anything is read or sent; throws InstantlyValidationError. */
export function planImport<R>(target: LeadTarget, options: ImportOptions<R>): ImportPlan {
  const base: Record<string, unknown> = {};
  const copy = (from: object, names: readonly string[]) => {
    for (const name of names) {
      const value = (from as Record<string, unknown>)[name];
      if (value !== undefined) base[name] = value;
    }
  };
  copy(target ?? {}, TARGET_FIELDS);
  copy(options, BODY_OPTION_FIELDS);
  const issues = [
    ...validateTarget(base),
    ...countIssue("batchSize", options.batchSize, 1, maxItems),
    ...concurrencyIssue(options.concurrency),
    ...countIssue("rateLimitPatienceMs", options.rateLimitPatienceMs, 0, Infinity),
    ...countIssue("abortGraceMs", options.abortGraceMs, 0, MAX_TIMER_MS),
  ];
  const kind = targetKind(base);
  if (issues.length > 0 || kind === undefined) throw new InstantlyValidationError(issues);
  return {
    kind,
    base: base,
    batchSize: options.batchSize ?? maxItems,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    rateLimitPatienceMs: options.rateLimitPatienceMs ?? DEFAULT_RATE_LIMIT_PATIENCE_MS,
    abortGraceMs: options.abortGraceMs ?? 0,
  };
}

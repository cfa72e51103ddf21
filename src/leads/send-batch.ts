import type { BulkAddLeadsBody, BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import {
  InstantlyAbortError,
  InstantlyApiError,
  InstantlyPermissionDeniedError,
} from "../client/errors.js";
import type { AttemptTiming, InstantlyClient } from "../client/client-types.js";
import { hasEmail } from "./lead-fields.js";
import { postValidatedLeads } from "./post-validated-leads.js";
import type { ResponseAnomaly } from "./anomalies.js";
import type { ImportFailure, ImportStop } from "./import-report.js";
import { planFullReason } from "./response.js";
import { isSplittable } from "./isolate-refused.js";
import { INTERRUPTED_MESSAGE, mayHaveApplied, maybeAppliedMessage } from "./maybe-applied.js";
import type { TargetKind } from "../spec/lead-target.js";

/** What happened to one batch, as given to `onBatch`. */
export type BatchOutcome =
  | {
      accepted: true;
      indices: number[];
      /** The 2xx body read tolerantly; `created_leads` indices are positions in the batch. */
      response: BulkAddLeadsResponse;
      /** How the body differed from the documented 200; empty when it did not. */
      anomalies: ResponseAnomaly[];
    }
  | { accepted: false; failure: ImportFailure };

/** A settled batch: its outcome, how its attempts went, and the error that ends the import, if any. */
export interface SentBatch {
  outcome: BatchOutcome;
  retried: boolean;
  replayed: boolean;
  /** 401, 402, 403, 404 or a campaign's full plan: no later batch can succeed either. */
  stop: ImportStop | undefined;
}

/**
 * A replay is harmless only where the server de-duplicates it by email: in a campaign (every lead
 * has one), or in a list batch in which every lead has one.
 */
export function isReplaySafe(kind: TargetKind, leads: readonly unknown[]): boolean {
  return kind === "campaign" || leads.every(hasEmail);
}

const RATE_LIMITED = 429;

/**
 * The answers that end an import, decided here alone: the spec's documented 4xx but 429 (retried)
 * and those a lead can cause (split instead, isolate-refused.ts), i.e. key, plan and target, which
 * no later batch escapes; and 403 (not documented, but the key may lack the scope or the API's
 * edge refuse the client).
 */
const ENDING_STATUSES: ReadonlySet<number> = new Set(
  bulkAddLeadsSpec.responseStatuses
    .map(Number)
    .filter((status) => status >= 400 && status < 500)
    .filter((status) => status !== RATE_LIMITED && !isSplittable(status)),
);

function endsImport(error: unknown): error is InstantlyApiError {
  return (
    error instanceof InstantlyPermissionDeniedError ||
    (error instanceof InstantlyApiError && ENDING_STATUSES.has(error.status))
  );
}

function statusOf(error: unknown): number | undefined {
  return error instanceof InstantlyApiError ? error.status : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof InstantlyAbortError) return "aborted";
  return error instanceof Error ? error.message : String(error);
}

/** How one batch is sent: its target's kind and the retry policy that target allows. */
export interface BatchPolicy {
  kind: TargetKind;
  replaySafe: boolean;
  /** Cancels the request, even an attempt on the wire. */
  signal: AbortSignal | undefined;
  /** Once aborted, no attempt starts; one on the wire runs on until `signal` aborts. */
  noMoreAttempts?: AbortSignal | undefined;
  /** Waiting allowed for 429 answers of this batch; 0 = the client's maxRetries. */
  rateLimitPatienceMs: number;
  /** Told how each attempt went and how long it took (the import's adaptive concurrency). */
  onAttempt?: ((attempt: AttemptTiming) => void) | undefined;
}

/**
 * Sends one batch with the retry policy its target allows and never throws: a 2xx is accepted
 * whatever its body; any other outcome (API error, transport, abort) becomes a failed outcome
 * with the batch's indices.
 */
export async function sendBatch(
  client: InstantlyClient,
  body: BulkAddLeadsBody,
  indices: number[],
  policy: BatchPolicy,
  serialized?: Uint8Array,
): Promise<SentBatch> {
  let retried = false;
  let replayed = false;
  let replayNext = false;
  let maybeApplied = false;
  let cutOnTheWire = false;
  const fetch = client.fetchWith({
    replaySafe: policy.replaySafe,
    rateLimitPatienceMs: policy.rateLimitPatienceMs,
    ...(policy.noMoreAttempts === undefined ? {} : { noMoreAttempts: policy.noMoreAttempts }),
    onAttempt: (attempt) => {
      // A replay counts once it has been sent (a retry the abort stopped never was).
      replayed ||= replayNext;
      maybeApplied ||= mayHaveApplied(attempt);
      cutOnTheWire = attempt.failure === "abort";
      policy.onAttempt?.(attempt);
    },
    onRetry: (event) => {
      retried = true;
      replayNext ||= event.replay;
    },
  });
  try {
    const { body: response, anomalies } = await postValidatedLeads(client, body, {
      signal: policy.signal,
      fetch,
      serialized,
    });
    const full = planFullReason(response, { kind: policy.kind, leads: body.leads });
    const stop = full === undefined ? undefined : { message: full };
    return { outcome: { accepted: true, indices, response, anomalies }, retried, replayed, stop };
  } catch (error) {
    const status = statusOf(error);
    const message = cutOnTheWire
      ? INTERRUPTED_MESSAGE
      : maybeApplied
        ? maybeAppliedMessage(messageOf(error))
        : messageOf(error);
    const failure: ImportFailure = {
      indices,
      ...(status === undefined ? {} : { status }),
      message,
      replayed,
      ...(maybeApplied ? { maybe_applied: true as const } : {}),
    };
    const stop = endsImport(error) ? { status: error.status, message: error.message } : undefined;
    return { outcome: { accepted: false, failure }, retried, replayed, stop };
  }
}

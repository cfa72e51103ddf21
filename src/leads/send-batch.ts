import type { BulkAddLeadsBody, BulkAddLeadsResponse } from "../../generated/client.gen.js";
import {
  InstantlyAbortError,
  InstantlyApiError,
  InstantlyAuthenticationError,
  InstantlyNotFoundError,
  InstantlyPaymentRequiredError,
} from "../client/errors.js";
import type { InstantlyClient } from "../client/types.js";
import { hasEmail } from "./lead-fields.js";
import { postLeads } from "./post-leads.js";
import type { ImportFailure } from "./report.js";
import { InstantlyResponseError } from "./response.js";
import type { TargetKind } from "./target.js";

/** What happened to one batch, as given to `onBatch`. */
export type BatchOutcome =
  | { accepted: true; indices: number[]; response: BulkAddLeadsResponse }
  | { accepted: false; failure: ImportFailure };

/** A settled batch: its outcome, how its attempts went, and the error that ends the import, if any. */
export interface SentBatch {
  outcome: BatchOutcome;
  retried: boolean;
  replayed: boolean;
  /** 401, 402 or 404: no later batch can succeed either. */
  stop: InstantlyApiError | undefined;
}

/**
 * A replay is harmless only where the server de-duplicates it by email: in a campaign (every lead
 * has one), or in a list batch in which every lead has one.
 */
export function isReplaySafe(kind: TargetKind, leads: readonly unknown[]): boolean {
  return kind === "campaign" || leads.every(hasEmail);
}

function endsImport(error: unknown): error is InstantlyApiError {
  return (
    error instanceof InstantlyAuthenticationError ||
    error instanceof InstantlyPaymentRequiredError ||
    error instanceof InstantlyNotFoundError
  );
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof InstantlyApiError || error instanceof InstantlyResponseError) {
    return error.status;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof InstantlyAbortError) return "aborted";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends one batch with the retry policy its target allows and never throws: a failure of any kind
 * (API error, transport, bad body, abort) becomes a failed outcome with the batch's indices.
 */
export async function sendBatch(
  client: InstantlyClient,
  body: BulkAddLeadsBody,
  indices: number[],
  policy: { replaySafe: boolean; signal: AbortSignal | undefined },
): Promise<SentBatch> {
  let retried = false;
  let replayed = false;
  const fetch = client.fetchWith({
    replaySafe: policy.replaySafe,
    onRetry: (event) => {
      retried = true;
      replayed ||= event.replay;
    },
  });
  try {
    const response = await postLeads(client, body, { signal: policy.signal, fetch });
    return { outcome: { accepted: true, indices, response }, retried, replayed, stop: undefined };
  } catch (error) {
    const status = statusOf(error);
    const failure: ImportFailure = {
      indices,
      ...(status === undefined ? {} : { status }),
      message: messageOf(error),
      replayed,
    };
    const stop = endsImport(error) ? error : undefined;
    return { outcome: { accepted: false, failure }, retried, replayed, stop };
  }
}

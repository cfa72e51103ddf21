import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { InstantlyClient } from "../client/types.js";
import { postLeads } from "./post-leads.js";
import type { AddLeadsBody } from "./types.js";
import { validateAddLeadsBody } from "./validate.js";
import { InstantlyValidationError } from "./validation-error.js";

/**
 * Adds up to the spec's maxItems leads in one request. Checks the whole body first and throws
 * InstantlyValidationError listing every issue without sending anything; returns the 200 body and
 * throws the client's typed errors otherwise. Only 429 is retried: whether replaying a request that
 * may have been applied is harmless is the caller's decision (see importLeads).
 */
export async function addLeads(
  client: InstantlyClient,
  body: AddLeadsBody,
  init: { signal?: AbortSignal } = {},
): Promise<BulkAddLeadsResponse> {
  const issues = validateAddLeadsBody(body);
  if (issues.length > 0) throw new InstantlyValidationError(issues);
  return postLeads(client, body, { signal: init.signal });
}

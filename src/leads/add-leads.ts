import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { InstantlyClient } from "../client/client-types.js";
import type { ResponseAnomaly } from "./anomalies.js";
import { postValidatedLeads } from "./post-validated-leads.js";
import type { AddLeadsBody } from "./add-leads-body.js";
import { validateAddLeadsBody } from "./validate.js";
import { InstantlyValidationError } from "./errors.js";

/** The 2xx body of bulkAddLeads, read tolerantly, with every way it differed from the spec. */
export type AddLeadsResult = BulkAddLeadsResponse & { anomalies: ResponseAnomaly[] };

/**
 * Adds up to the spec's maxItems leads in one request. Checks the whole body first and throws
 * InstantlyValidationError listing every issue without sending anything. A 2xx is returned
 * whatever its body (the server applied the leads), with `anomalies` listing how it differed from
 * the documented 200 (empty when it did not); other answers throw the client's typed errors.
 * Only 429 is retried: whether replaying a request that may have been applied is harmless is the
 * caller's decision (see importLeads).
 */
export async function addLeads(
  client: InstantlyClient,
  body: AddLeadsBody,
  init: { signal?: AbortSignal } = {},
): Promise<AddLeadsResult> {
  const issues = validateAddLeadsBody(body);
  if (issues.length > 0) throw new InstantlyValidationError(issues);
  const answer = await postValidatedLeads(client, body, { signal: init.signal });
  return { ...answer.body, anomalies: answer.anomalies };
}

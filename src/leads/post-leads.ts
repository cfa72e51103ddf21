import type { BulkAddLeadsBody, BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { apiErrorFromResponse } from "../client/errors.js";
import type { InstantlyClient } from "../client/types.js";
import { parseAddLeadsResponse } from "./response.js";

/** Per-request settings of one bulkAddLeads call. */
export interface PostLeadsInit {
  signal?: AbortSignal | undefined;
  /** A fetch with its own retry policy, from `client.fetchWith`; the client's default otherwise. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/**
 * Sends one already validated bulkAddLeads body. Returns the checked 200 body; throws the client's
 * typed errors for non-2xx answers and transport failures, InstantlyResponseError for a bad body.
 */
export async function postLeads(
  client: InstantlyClient,
  body: BulkAddLeadsBody,
  init: PostLeadsInit = {},
): Promise<BulkAddLeadsResponse> {
  // The body is parsed here rather than by openapi-fetch, so a non-JSON 200 gets a clear error.
  const { data, error, response } = await client.POST(bulkAddLeadsSpec.path, {
    body,
    signal: init.signal,
    fetch: init.fetch,
    parseAs: "text",
  });
  if (!response.ok) throw apiErrorFromResponse(response, error);
  return parseAddLeadsResponse(response.status, data, body.leads.length);
}

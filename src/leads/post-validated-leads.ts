import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { responseText } from "../client/buffered-response.js";
import { apiErrorFromResponse } from "../client/errors.js";
import type { InstantlyClient } from "../client/client-types.js";
import { readAddLeadsResponse, type AddLeadsAnswer } from "./response.js";
import { targetKind } from "../spec/lead-target.js";

/** Per-request settings of one bulkAddLeads call. */
export interface PostValidatedLeadsInit {
  signal?: AbortSignal | undefined;
  /** A fetch with its own retry policy, from `client.fetchWith`; the client's default otherwise. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** The body already serialized (UTF-8 JSON of `body`), so it is not serialized again here. */
  serialized?: Uint8Array | undefined;
}

/**
 * Sends one already validated bulkAddLeads body. Returns the 2xx body read tolerantly with its
 * anomalies (a 2xx is never an error: the server applied the batch); throws the client's typed
 * errors for other answers and transport failures.
 */
export async function postValidatedLeads(
  client: InstantlyClient,
  body: BulkAddLeadsBody,
  init: PostValidatedLeadsInit = {},
): Promise<AddLeadsAnswer> {
  // Left unread by openapi-fetch ("stream"), decoded and parsed once here, so that a body that
  // is not JSON is still a 2xx.
  const { error, response } = await client.POST(bulkAddLeadsSpec.path, {
    body,
    signal: init.signal,
    fetch: init.fetch,
    parseAs: "stream",
    ...(init.serialized === undefined ? {} : { bodySerializer: () => init.serialized }),
  });
  if (!response.ok) throw apiErrorFromResponse(response, error);
  const text = await responseText(response);
  return readAddLeadsResponse(text, { kind: targetKind(body) ?? "list", leads: body.leads });
}

import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { jsonReply, type Reply } from "./replies.js";
import type { FakeResponseDeviations } from "./fake-instantly.js";

type CreatedLeads = BulkAddLeadsResponse["created_leads"];

function deviateIndices(
  created: CreatedLeads,
  how: FakeResponseDeviations["createdIndex"],
  sent: number,
): unknown[] {
  switch (how) {
    case undefined:
      return created;
    case "omit":
      return created.map(({ index: _index, ...rest }) => rest);
    case "duplicate":
      return created.map((lead) => ({ ...lead, index: created[0]?.index ?? 0 }));
    case "out-of-range":
      return created.map((lead) => ({ ...lead, index: lead.index + sent }));
    case "unmapped":
      return created.map((lead) => ({ ...lead, index: lead.index + sent, email: null }));
  }
}

/**
 * The 200 answer to an applied request, departing from the spec's body as `deviations` say, so
 * that code can be tested against an API that answers otherwise than documented.
 */
export function deviatedReply(
  response: BulkAddLeadsResponse,
  deviations: FakeResponseDeviations | undefined,
): Reply {
  if (deviations === undefined) return jsonReply(200, response);
  if (deviations.nonJsonBody !== undefined) {
    return { status: 200, contentType: "text/plain; charset=utf-8", body: deviations.nonJsonBody };
  }
  const sent = response.total_sent;
  const body: Record<string, unknown> = {
    ...response,
    created_leads: deviateIndices(response.created_leads, deviations.createdIndex, sent),
  };
  if (deviations.status !== undefined) body.status = deviations.status;
  if (deviations.totalSent !== undefined) body.total_sent = deviations.totalSent;
  for (const name of deviations.omitCounters ?? []) delete body[name];
  return jsonReply(200, body);
}

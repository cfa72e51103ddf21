import {
  getCampaignSpec,
  getLeadListSpec,
  listCampaignSpec,
  listLeadListSpec,
} from "../../generated/constraints.gen.js";
import { apiErrorFromResponse, InstantlyError } from "../client/errors.js";
import type { InstantlyClient } from "../client/client-types.js";
import type { TargetKind } from "../spec/lead-target.js";
import { campaignStatusLabel } from "./campaign-status.js";

/** A campaign or lead list as the import needs it: id, name and, for a campaign, its status. */
export interface TargetSummary {
  kind: TargetKind;
  id: string;
  name: string;
  /** Campaigns: the spec's status value (absent if the API left it out). */
  status?: number;
  /** Campaigns: the spec's label of `status` ("Active", "Paused", ...). */
  statusLabel?: string;
}

export interface ListTargetsOptions {
  /** Passed as the list operation's `search`. */
  search?: string;
  /** Items per page (`limit`); default: the API's. */
  pageSize?: number;
  signal?: AbortSignal;
}

const OPERATION = {
  campaign: { get: getCampaignSpec.operationId, list: listCampaignSpec.operationId },
  list: { get: getLeadListSpec.operationId, list: listLeadListSpec.operationId },
} as const;

/** Fetches one campaign or lead list by id; throws the client's typed errors (404 when unknown). */
export async function getTarget(
  client: InstantlyClient,
  kind: TargetKind,
  id: string,
  signal?: AbortSignal,
): Promise<TargetSummary> {
  // GETs change nothing, so they are retried like any replay-safe request.
  const init = {
    params: { path: { id } },
    signal,
    fetch: client.fetchWith({ replaySafe: true }),
    parseAs: "text" as const,
  };
  const { data, error, response } =
    kind === "campaign"
      ? await client.GET(getCampaignSpec.path, init)
      : await client.GET(getLeadListSpec.path, init);
  if (!response.ok) throw apiErrorFromResponse(response, error);
  return summaryOf(kind, parseBody(kind, "get", response.status, data), "the body");
}

/**
 * Every campaign or lead list (matching `search`), page by page: each page's
 * `next_starting_after` is the next request's `starting_after`, until a page comes without one.
 */
export async function* listTargets(
  client: InstantlyClient,
  kind: TargetKind,
  options: ListTargetsOptions = {},
): AsyncGenerator<TargetSummary, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const query = { search: options.search, limit: options.pageSize, starting_after: cursor };
    const init = {
      params: { query },
      signal: options.signal,
      fetch: client.fetchWith({ replaySafe: true }),
      parseAs: "text" as const,
    };
    const { data, error, response } =
      kind === "campaign"
        ? await client.GET(listCampaignSpec.path, init)
        : await client.GET(listLeadListSpec.path, init);
    if (!response.ok) throw apiErrorFromResponse(response, error);
    const page = parseBody(kind, "list", response.status, data);
    const items: unknown = page.items;
    if (!Array.isArray(items)) throw badBody(kind, "list", response.status, "has no items array");
    for (const [index, item] of items.entries()) {
      yield summaryOf(kind, item, `items[${index}]`);
    }
    const next: unknown = page.next_starting_after;
    // A page without a cursor is the last; an empty page or a repeated cursor would loop forever.
    if (typeof next !== "string" || next === "" || items.length === 0 || seen.has(next)) return;
    seen.add(next);
    cursor = next;
  }
}

function parseBody(
  kind: TargetKind,
  call: "get" | "list",
  status: number,
  text: string | undefined,
): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text ?? "");
  } catch {
    throw badBody(kind, call, status, "is not JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badBody(kind, call, status, "is not an object");
  }
  return body as Record<string, unknown>;
}

// Only what the import reads is required; any other field may come and go.
function summaryOf(kind: TargetKind, value: unknown, where: string): TargetSummary {
  const item = (typeof value === "object" && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  if (typeof item.id !== "string") {
    throw new InstantlyError(`Instantly API ${kind} without an id in ${where}`);
  }
  const summary: TargetSummary = {
    kind,
    id: item.id,
    name: typeof item.name === "string" ? item.name : "",
  };
  if (kind === "campaign" && typeof item.status === "number") {
    summary.status = item.status;
    summary.statusLabel = campaignStatusLabel(item.status);
  }
  return summary;
}

function badBody(kind: TargetKind, call: "get" | "list", status: number, problem: string) {
  return new InstantlyError(
    `Instantly API ${status} answer to ${OPERATION[kind][call]} ${problem}`,
  );
}

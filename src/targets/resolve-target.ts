import { fullFormats } from "ajv-formats/dist/formats.js";
import { InstantlyApiError } from "../client/errors.js";
import type { InstantlyClient } from "../client/client-types.js";
import type { TargetKind } from "../spec/lead-target.js";
import { getTarget, listTargets, type TargetSummary } from "./fetch-targets.js";
import { InstantlyTargetError } from "./target-error.js";

const UUID = fullFormats.uuid as RegExp;
/** Enough near misses to spot a typo, not a whole workspace. */
const MAX_SIMILAR = 10;

/** A campaign or a lead list, by name or by id. */
export type TargetQuery = { campaign: string; list?: never } | { list: string; campaign?: never };

/** A resolved target: the body fields for addLeads/importLeads, with its name (and status). */
export type ResolvedTarget = TargetSummary &
  (
    | { kind: "campaign"; target: { campaign_id: string } }
    | { kind: "list"; target: { list_id: string } }
  );

/** Whether `value` is a uuid, i.e. taken as an id rather than a name. */
export function isTargetId(value: string): boolean {
  return UUID.test(value);
}

/** The kind and the name or id of a query. */
export function queryOf(query: TargetQuery): { kind: TargetKind; value: string } {
  return query.campaign !== undefined
    ? { kind: "campaign", value: query.campaign }
    : { kind: "list", value: query.list };
}

/** The body fields of a fetched campaign or list. */
export function resolvedOf(summary: TargetSummary): ResolvedTarget {
  return summary.kind === "campaign"
    ? { ...summary, kind: "campaign", target: { campaign_id: summary.id } }
    : { ...summary, kind: "list", target: { list_id: summary.id } };
}

/**
 * Finds the campaign or list to import into. A uuid is fetched (get*); anything else is looked up
 * by exact, case-sensitive name through the list operation's `search`, following every page.
 * Throws InstantlyTargetError when nothing or several match, and the client's typed errors
 * (401, 403, ...) when the API refuses.
 */
export async function resolveTarget(
  client: InstantlyClient,
  query: TargetQuery,
  options: { signal?: AbortSignal } = {},
): Promise<ResolvedTarget> {
  const { kind, value } = queryOf(query);
  if (isTargetId(value)) {
    try {
      return resolvedOf(await getTarget(client, kind, value, options.signal));
    } catch (error) {
      if (error instanceof InstantlyApiError && error.status === 404) {
        throw new InstantlyTargetError(
          { kind, query: value, reason: "not-found", candidates: [] },
          { cause: error },
        );
      }
      throw error;
    }
  }
  const exact: TargetSummary[] = [];
  const similar: TargetSummary[] = [];
  for await (const item of listTargets(client, kind, { search: value, signal: options.signal })) {
    (item.name === value ? exact : similar).push(item);
  }
  const [only] = exact;
  if (only !== undefined && exact.length === 1) return resolvedOf(only);
  throw new InstantlyTargetError(
    exact.length > 1
      ? { kind, query: value, reason: "ambiguous", candidates: exact }
      : { kind, query: value, reason: "not-found", candidates: similar.slice(0, MAX_SIMILAR) },
  );
}

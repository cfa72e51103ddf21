import type { InstantlyClient } from "../client/client-types.js";
import { getTarget } from "../targets/fetch-targets.js";
import { resolvedOf, type ResolvedTarget } from "../targets/resolve-target.js";
import type { ImportPlan } from "./import-options.js";

/**
 * importLeads' `preflight`: fetches the planned target once, before anything is read. Any failure
 * (401, 403, 404, ...) is thrown as the client's typed error: no lead is read or sent.
 */
export async function preflightTarget(
  client: InstantlyClient,
  plan: Pick<ImportPlan, "kind" | "base">,
  signal: AbortSignal | undefined,
): Promise<ResolvedTarget> {
  const id = plan.kind === "campaign" ? plan.base.campaign_id : plan.base.list_id;
  return resolvedOf(await getTarget(client, plan.kind, id ?? "", signal));
}

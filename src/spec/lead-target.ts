import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { specNames } from "./spec-names.js";
import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import type { LeadIssue } from "./lead-issue.js";

/** Where leads go: exactly one campaign or one list. */
export type LeadTarget =
  | { campaign_id: NonNullable<BulkAddLeadsBody["campaign_id"]>; list_id?: never }
  | { list_id: NonNullable<BulkAddLeadsBody["list_id"]>; campaign_id?: never };

/** The kind of target a body names. */
export type TargetKind = "campaign" | "list";

/** The body fields that name the target, checked against the spec at load. */
export const TARGET_FIELDS = specNames(
  ["campaign_id", "list_id"],
  bulkAddLeadsSpec.requestBody.properties,
  "the bulkAddLeads body",
) satisfies ReadonlyArray<keyof LeadTarget>;
const [CAMPAIGN, LIST] = TARGET_FIELDS;

/** The kind of target named by a body or target object; a campaign wins when both are given. */
export function targetKind(value: unknown): TargetKind | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record[CAMPAIGN] !== undefined) return "campaign";
  if (record[LIST] !== undefined) return "list";
  return undefined;
}

/** The spec's prose rule "a campaign_id or a list_id, but not both", as body-level issues. */
export function targetIssues(value: unknown): LeadIssue[] {
  if (typeof value !== "object" || value === null) {
    return [{ index: -1, field: "", message: `must be an object with ${CAMPAIGN} or ${LIST}` }];
  }
  const record = value as Record<string, unknown>;
  const hasCampaign = record[CAMPAIGN] !== undefined;
  const hasList = record[LIST] !== undefined;
  if (hasCampaign && hasList) {
    return [{ index: -1, field: LIST, message: `give ${CAMPAIGN} or ${LIST}, not both` }];
  }
  if (!hasCampaign && !hasList) {
    return [{ index: -1, field: CAMPAIGN, message: `give ${CAMPAIGN} or ${LIST}` }];
  }
  return [];
}

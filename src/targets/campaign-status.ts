import { getCampaignSpec } from "../../generated/constraints.gen.js";
import { specNames } from "../spec/spec-names.js";

const STATUS = getCampaignSpec.enums["responses.200.status"];
const LABELS: Readonly<Record<string, string>> = STATUS.labels;

/** A campaign status as the spec enumerates it. */
export type CampaignStatus = (typeof STATUS.values)[number];

/**
 * The spec's labels of the statuses in which a campaign takes leads without contacting them:
 * checked against the enum at load, so a renamed or removed status fails loudly.
 */
const NOT_CONTACTING_LABELS = specNames(
  ["Draft", "Paused", "Account Suspended", "Accounts Unhealthy", "Bounce Protect"],
  Object.values(LABELS),
  "getCampaign's status labels",
);

/** The statuses whose campaigns will not contact the leads added to them, from the spec's enum. */
export const NOT_CONTACTING_STATUSES: readonly CampaignStatus[] = STATUS.values.filter((value) =>
  (NOT_CONTACTING_LABELS as readonly string[]).includes(LABELS[String(value)] ?? ""),
);

/** The spec's label of a status ("Active"); a value the spec does not know is shown as such. */
export function campaignStatusLabel(status: number): string {
  return LABELS[String(status)] ?? `status ${status}`;
}

/** Whether leads added to a campaign with this status will not be contacted (draft, paused, ...). */
export function isNotContacting(status: number): boolean {
  return (NOT_CONTACTING_STATUSES as readonly number[]).includes(status);
}

export {
  campaignStatusLabel,
  isNotContacting,
  NOT_CONTACTING_STATUSES,
  type CampaignStatus,
} from "./campaign-status.js";
export { listTargets, type ListTargetsOptions, type TargetSummary } from "./fetch-targets.js";
export { resolveTarget, type ResolvedTarget, type TargetQuery } from "./resolve-target.js";
export { InstantlyTargetError, type TargetErrorReason } from "./target-error.js";

export { addLeads, type AddLeadsResult } from "./add-leads.js";
export {
  ANOMALY_KINDS,
  type AnomalyKind,
  type ImportAnomaly,
  type ResponseAnomaly,
} from "./anomalies.js";
export { importLeads } from "./import-leads.js";
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_RATE_LIMIT_PATIENCE_MS,
  type BatchResult,
  type ImportOptions,
} from "./import-options.js";
export type { ImportLead, LeadSource, LeadWithRef, UntypedLead } from "./lead-entry.js";
export type {
  BatchCounts,
  CreatedLead,
  ExistingLead,
  ImportFailure,
  ImportProgress,
  ImportReport,
  ImportStop,
  ImportTotals,
  NotCreatedLead,
  RefusedLead,
  RejectedLead,
  UnresolvedLead,
} from "./import-report.js";
export type { LeadOutcome, LeadStatus, NotCreatedCause } from "./lead-outcome.js";
export { checkReportInvariant } from "./import-report-invariant.js";
export type { BatchOutcome } from "./send-batch.js";
export type { LeadTarget } from "../spec/lead-target.js";
export type {
  AddLeadsBody,
  AddLeadsBodyOptions,
  AddLeadsToCampaignBody,
  AddLeadsToListBody,
  CampaignLead,
  ListLead,
} from "./add-leads-body.js";
export { validateLead, validateLeads, validateTarget } from "./validate.js";
export { InstantlyImportAbortedError, InstantlyValidationError } from "./errors.js";
export type { LeadIssue } from "../spec/lead-issue.js";

export { addLeads } from "./add-leads.js";
export { importLeads, type ImportAbortError } from "./import-leads.js";
export { DEFAULT_CONCURRENCY, type BatchResult, type ImportOptions } from "./import-options.js";
export type { ImportLead, LeadSource, LeadWithRef, UntypedLead } from "./lead-entry.js";
export type {
  BatchCounts,
  CreatedLead,
  ExistingLead,
  ImportFailure,
  ImportProgress,
  ImportReport,
  ImportTotals,
  RejectedLead,
  UnresolvedLead,
} from "./report.js";
export { checkReportInvariant } from "./report-invariant.js";
export { InstantlyResponseError } from "./response.js";
export type { BatchOutcome } from "./send-batch.js";
export type { LeadTarget } from "./target.js";
export type {
  AddLeadsBody,
  AddLeadsBodyOptions,
  AddLeadsToCampaignBody,
  AddLeadsToListBody,
  CampaignLead,
  ListLead,
} from "./types.js";
export { validateLead, validateLeads, validateTarget } from "./validate.js";
export { formatIssue, InstantlyValidationError, type LeadIssue } from "./validation-error.js";

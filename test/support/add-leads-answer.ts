import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";

/** A documented 200 body of bulkAddLeads: `sent` leads, `uploaded` created, every other counter 0. */
export function addLeadsAnswer(
  sent: number,
  uploaded: number,
  overrides: Partial<BulkAddLeadsResponse> = {},
): BulkAddLeadsResponse {
  return {
    status: "success",
    total_sent: sent,
    leads_uploaded: uploaded,
    in_blocklist: 0,
    blocklist_used: null,
    duplicated_leads: 0,
    skipped_count: 0,
    invalid_email_count: 0,
    incomplete_count: 0,
    duplicate_email_count: 0,
    remaining_in_plan: null,
    created_leads: [],
    ...overrides,
  };
}

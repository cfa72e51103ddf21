import type { BulkAddLeadsBody, BulkAddLeadsLead } from "../../generated/client.gen.js";

/** The body fields that are neither the target nor the leads (skip flags, blocklist, assignee, verification). */
export type AddLeadsBodyOptions = Omit<BulkAddLeadsBody, "campaign_id" | "list_id" | "leads">;

/** A lead for a campaign: the spec's prose makes `email` required there. */
export type CampaignLead = BulkAddLeadsLead & { email: string };

/** A lead for a list: any of email, first_name or last_name (checked at run time). */
export type ListLead = BulkAddLeadsLead;

/** A bulkAddLeads body that targets a campaign (and therefore not a list). */
export type AddLeadsToCampaignBody = AddLeadsBodyOptions & {
  campaign_id: NonNullable<BulkAddLeadsBody["campaign_id"]>;
  list_id?: never;
  leads: CampaignLead[];
};

/** A bulkAddLeads body that targets a list (and therefore not a campaign). */
export type AddLeadsToListBody = AddLeadsBodyOptions & {
  list_id: NonNullable<BulkAddLeadsBody["list_id"]>;
  campaign_id?: never;
  leads: ListLead[];
};

/** A bulkAddLeads body with exactly one target, as the spec's prose requires. */
export type AddLeadsBody = AddLeadsToCampaignBody | AddLeadsToListBody;

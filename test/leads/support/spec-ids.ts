import { bulkAddLeadsSpec } from "../../../generated/constraints.gen.js";

const { properties } = bulkAddLeadsSpec.requestBody.schema;
/** The spec's example uuids, so tests need no made-up ids. */
export const CAMPAIGN_ID = properties.campaign_id.example;
export const LIST_ID = properties.list_id.example;
export const OTHER_ID = properties.blocklist_id.example;
export const MAX_ITEMS = bulkAddLeadsSpec.arrays.leads.maxItems;
export const MIN_ITEMS = bulkAddLeadsSpec.arrays.leads.minItems;

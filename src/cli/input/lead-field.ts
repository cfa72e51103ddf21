import { bulkAddLeadsSpec } from "../../../generated/constraints.gen.js";

// Its own file so that the alias table, the mapping and the lead builder import it, one way.

/** A property of a lead in bulkAddLeads' body. */
export type LeadField = (typeof bulkAddLeadsSpec.arrays.leads.itemProperties)[number];

// Type-checked against the spec, so a renamed field fails the build instead of sending a stale name.
export const CUSTOM_FIELD = "custom_variables" satisfies LeadField;
export const EMAIL_FIELD = "email" satisfies LeadField;
export const FIRST_NAME = "first_name" satisfies LeadField;
export const LAST_NAME = "last_name" satisfies LeadField;

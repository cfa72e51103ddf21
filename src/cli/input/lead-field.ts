import { bulkAddLeadsSpec } from "../../../generated/constraints.gen.js";

// Its own file so that the alias table and the mapping both import it, one way.

/** A property of a lead in bulkAddLeads' body. */
export type LeadField = (typeof bulkAddLeadsSpec.arrays.leads.itemProperties)[number];

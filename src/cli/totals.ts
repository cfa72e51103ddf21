import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { CreatedLead, ImportTotals } from "../leads/index.js";
import { RESPONSE_COUNTERS, zeroCounters } from "../leads/response.js";

export type { CreatedLead };
/** The response counters an import sums up. */
export type Totals = ImportTotals;

/** The counters of `a` plus those of `b`, key by key. */
export function addTotals(a: Totals, b: Totals): Totals {
  const sum = zeroCounters();
  for (const name of RESPONSE_COUNTERS) sum[name] = a[name] + b[name];
  return sum;
}

/** The counters of one bulkAddLeads response. */
export function totalsOf(response: BulkAddLeadsResponse): Totals {
  const totals = zeroCounters();
  for (const name of RESPONSE_COUNTERS) totals[name] = response[name];
  return totals;
}

import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { CreatedLead, ImportTotals } from "../leads/index.js";
import { RESPONSE_COUNTERS } from "../leads/response.js";

export type { CreatedLead };
/** The response counters an import sums up. */
export type Totals = ImportTotals;

/** All counters at zero. */
export function emptyTotals(): Totals {
  return Object.fromEntries(RESPONSE_COUNTERS.map((name) => [name, 0])) as Totals;
}

/** The counters of `a` plus those of `b`, key by key. */
export function addTotals(a: Totals, b: Totals): Totals {
  const sum = emptyTotals();
  for (const name of RESPONSE_COUNTERS) sum[name] = a[name] + b[name];
  return sum;
}

/** The counters of one bulkAddLeads response. */
export function totalsOf(response: BulkAddLeadsResponse): Totals {
  const totals = emptyTotals();
  for (const name of RESPONSE_COUNTERS) totals[name] = response[name];
  return totals;
}

import { parseArgs } from "node:util";
import { validateLead } from "../src/leads/validate.js";

const TARGET_PER_SECOND = 1_000_000;
const { values } = parseArgs({
  options: { count: { type: "string", default: "1000000" }, quick: { type: "boolean" } },
});
const count = values.quick ? 100_000 : Number(values.count);
const target = { campaign_id: "019e0e3e-b690-71a9-b399-fbf49894dded" };

/** A typical lead from a CSV export: contact fields plus a few custom variables. */
function typicalLead(i: number): Record<string, unknown> {
  return {
    email: `lead${i}@company${i % 997}.example`,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    company_name: `Company ${i % 997}`,
    custom_variables: { plan: i % 2 === 0 ? "pro" : "free", seats: i % 50, trial: i % 3 === 0 },
  };
}

function leadsPerSecond(
  leads: readonly unknown[],
  run: (lead: unknown, i: number) => void,
): number {
  const start = process.hrtime.bigint();
  leads.forEach(run);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return leads.length / seconds;
}

const leads = Array.from({ length: count }, (_, i) => typicalLead(i));
let invalid = 0;
let bytes = 0;
validateLead(target, leads[0], 0); // compile the validators outside the measurement
// Warm-up pass so both loops run optimised code, then the measured pass.
for (const measured of [false, true]) {
  invalid = 0;
  bytes = 0;
  const validateRate = leadsPerSecond(leads, (lead, i) => {
    invalid += validateLead(target, lead, i).length;
  });
  const stringifyRate = leadsPerSecond(leads, (lead) => {
    bytes += JSON.stringify(lead).length;
  });
  if (!measured) continue;
  const format = (rate: number) => `${Math.round(rate).toLocaleString("en-US")} leads/s`;
  console.log(`bench:validate: ${count.toLocaleString("en-US")} typical leads, one core`);
  console.log(`  validateLead:        ${format(validateRate)}`);
  console.log(`  JSON.stringify:      ${format(stringifyRate)} (baseline for scale)`);
  console.log(`  vs 1M/s target:      ${(validateRate / TARGET_PER_SECOND).toFixed(2)}x`);
  console.log(`  vs JSON.stringify:   ${(validateRate / stringifyRate).toFixed(2)}x`);
}
if (invalid !== 0 || bytes === 0)
  throw new Error(`bench leads should all be valid (${invalid} issues)`);

export { startFakeInstantly } from "./fake-server.js";
export { DEFAULT_BLOCKLIST_ID } from "./apply-leads.js";
export { generateLeads, leadsFixture, type LeadsFixtureOptions } from "./leads-fixture.js";
export type {
  FakeFault,
  FakeInstantly,
  FakeInstantlyOptions,
  FakeLead,
  FakeLogEntry,
  FakeResponseDeviations,
  FakeState,
  FakeTarget,
  FakeTotals,
  FaultContext,
} from "./types.js";

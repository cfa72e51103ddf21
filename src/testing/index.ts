export { startFakeInstantly } from "./fake-server.js";
export { DEFAULT_BLOCKLIST_ID } from "./apply-leads.js";
export { generateLeads, leadsFixture, type LeadsFixtureOptions } from "./leads-fixture.js";
export type {
  FakeCampaign,
  FakeCapacity,
  FakeFault,
  FakeInstantly,
  FakeInstantlyOptions,
  FakeLead,
  FakeLeadRule,
  FakeList,
  FakeLogEntry,
  FakeResponseDeviations,
  FakeState,
  FakeTarget,
  FakeTotals,
  FaultContext,
} from "./fake-instantly.js";

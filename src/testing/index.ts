export { startFakeInstantly } from "./fake-server.js";
export { DEFAULT_BLOCKLIST_ID } from "./apply-leads.js";
export { generateLeads, leadsFixture, type LeadsFixtureOptions } from "./leads-fixture.js";
export type {
  FakeCampaign,
  FakeFault,
  FakeInstantly,
  FakeInstantlyOptions,
  FakeLead,
  FakeList,
  FakeLogEntry,
  FakeResponseDeviations,
  FakeState,
  FakeTarget,
  FakeTotals,
  FaultContext,
} from "./types.js";

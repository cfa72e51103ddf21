import { describe, expect, it } from "vitest";
import { WorkspaceState } from "../../src/testing/fake-state.js";
import type { FakeLead, FakeTarget } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID, LIST_ID, OTHER_ID } from "./support.js";

function lead(target: FakeTarget, email: string | null): FakeLead {
  const fields = { email, first_name: null, last_name: null, phone: null };
  const created = { requestNumber: 1, createdAt: new Date(0).toISOString() };
  return { id: `id-${email}`, index: 0, ...fields, target, ...created, lead: { email } };
}

describe("WorkspaceState", () => {
  it.each([
    ["any uuid when nothing is configured", {}, { campaign_id: OTHER_ID }, true],
    ["a configured campaign", { campaigns: [CAMPAIGN_ID] }, { campaign_id: CAMPAIGN_ID }, true],
    [
      "a configured campaign in upper case",
      { campaigns: [CAMPAIGN_ID] },
      { campaign_id: CAMPAIGN_ID.toUpperCase() },
      true,
    ],
    ["an unknown campaign", { campaigns: [CAMPAIGN_ID] }, { campaign_id: OTHER_ID }, false],
    [
      "a list when only campaigns are configured",
      { campaigns: [CAMPAIGN_ID] },
      { list_id: LIST_ID },
      false,
    ],
    ["a configured list", { lists: [LIST_ID] }, { list_id: LIST_ID }, true],
  ])("knows %s", (_name, known, target, exists) => {
    expect(new WorkspaceState(0, known).targetExists(target)).toBe(exists);
  });

  it("indexes leads by target and by kind of target", () => {
    const state = new WorkspaceState(0, {});
    const inCampaign = lead({ campaign_id: CAMPAIGN_ID }, "Ada@X.io");
    const inList = lead({ list_id: LIST_ID }, "bob@x.io");
    const nameOnly = lead({ list_id: LIST_ID }, null);
    [inCampaign, inList, nameOnly].forEach((created) => state.addLead(created));
    expect(state.leads).toEqual([inCampaign, inList, nameOnly]);
    expect(state.leadsIn({ list_id: LIST_ID.toUpperCase() })).toEqual([inList, nameOnly]);
    expect(state.leadsIn({ campaign_id: OTHER_ID })).toEqual([]);
    expect(state.isInTarget({ campaign_id: CAMPAIGN_ID }, "ada@x.io")).toBe(true);
    expect(state.isInTarget({ list_id: LIST_ID }, "ada@x.io")).toBe(false);
    expect([state.isInAnyCampaign("ada@x.io"), state.isInAnyList("ada@x.io")]).toEqual([
      true,
      false,
    ]);
    expect([state.isInAnyCampaign("bob@x.io"), state.isInAnyList("bob@x.io")]).toEqual([
      false,
      true,
    ]);
  });

  it("hands out copies from leadsIn", () => {
    const state = new WorkspaceState(0, {});
    state.leadsIn({ list_id: LIST_ID }).push(lead({ list_id: LIST_ID }, "x@x.io"));
    expect(state.leadsIn({ list_id: LIST_ID })).toEqual([]);
  });

  it("logs each request and counts answers by status", () => {
    const state = new WorkspaceState(0, {});
    state.record(1, 200, true);
    state.record(2, "reset", false);
    state.record(3, 200, false);
    expect(state.responses).toEqual({ 200: 2, reset: 1 });
    expect(
      state.log.map(({ requestNumber, status, applied }) => [requestNumber, status, applied]),
    ).toEqual([
      [1, 200, true],
      [2, "reset", false],
      [3, 200, false],
    ]);
    expect(state.log.every((entry) => Number.isInteger(entry.at) && entry.at >= 0)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { targetIssues, targetKind } from "../../src/spec/lead-target.js";
import { CAMPAIGN_ID, LIST_ID } from "../leads/support/spec-ids.js";

describe("targetKind", () => {
  it.each([
    [{ campaign_id: CAMPAIGN_ID }, "campaign"],
    [{ list_id: LIST_ID }, "list"],
    [{ campaign_id: CAMPAIGN_ID, list_id: LIST_ID }, "campaign"],
    [{ campaign_id: undefined, list_id: LIST_ID }, "list"],
    [{}, undefined],
    [null, undefined],
    ["x", undefined],
  ])("%j is %s", (value, kind) => {
    expect(targetKind(value)).toBe(kind);
  });
});

describe("targetIssues", () => {
  it("accepts exactly one target and reports both or neither at index -1", () => {
    expect(targetIssues({ campaign_id: CAMPAIGN_ID })).toEqual([]);
    expect(targetIssues({ list_id: LIST_ID })).toEqual([]);
    expect(targetIssues({ campaign_id: CAMPAIGN_ID, list_id: LIST_ID })).toEqual([
      { index: -1, field: "list_id", message: "give campaign_id or list_id, not both" },
    ]);
    expect(targetIssues({ list_id: undefined })).toEqual([
      { index: -1, field: "campaign_id", message: "give campaign_id or list_id" },
    ]);
  });
});

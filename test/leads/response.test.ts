import { describe, expect, it } from "vitest";
import { InstantlyError } from "../../src/client/errors.js";
import { InstantlyResponseError, parseAddLeadsResponse } from "../../src/leads/response.js";

const ok = {
  status: "success",
  total_sent: 2,
  leads_uploaded: 1,
  in_blocklist: 1,
  blocklist_used: null,
  duplicated_leads: 0,
  skipped_count: 0,
  invalid_email_count: 0,
  incomplete_count: 0,
  duplicate_email_count: 0,
  remaining_in_plan: 5,
  created_leads: [{ index: 1, id: "019e0e3e-b690-71a9-b399-fbf98bda4f7c", email: "a@x.example" }],
};

describe("parseAddLeadsResponse", () => {
  it("returns the documented 200 body", () => {
    expect(parseAddLeadsResponse(200, JSON.stringify(ok), 2)).toEqual(ok);
  });

  it("treats a missing remaining_in_plan (list targets) as null", () => {
    const { remaining_in_plan: _omitted, ...forList } = ok;
    expect(parseAddLeadsResponse(200, JSON.stringify(forList), 2).remaining_in_plan).toBeNull();
  });

  it.each([
    ["HTML", "<html>502</html>", "is not JSON"],
    ["an empty body", "", "has an empty body"],
    ["no body", undefined, "has an empty body"],
    ["a JSON array", "[]", "is not a JSON object"],
    [
      "a missing counter",
      JSON.stringify({ ...ok, in_blocklist: undefined }),
      "has no count in in_blocklist",
    ],
    [
      "a negative counter",
      JSON.stringify({ ...ok, skipped_count: -1 }),
      "has no count in skipped_count",
    ],
    [
      "a total_sent that is not the leads sent",
      JSON.stringify({ ...ok, total_sent: 3 }),
      "says total_sent 3 for 2 leads sent",
    ],
    [
      "a string remaining_in_plan",
      JSON.stringify({ ...ok, remaining_in_plan: "5" }),
      "has a remaining_in_plan that is not a number",
    ],
    [
      "no created_leads",
      JSON.stringify({ ...ok, created_leads: null }),
      "has no created_leads array",
    ],
    [
      "a created lead outside the batch",
      JSON.stringify({ ...ok, created_leads: [{ index: 2, id: "x" }] }),
      "has a created lead without a string id and a distinct index below 2",
    ],
    [
      "a created lead twice",
      JSON.stringify({
        ...ok,
        created_leads: [
          { index: 0, id: "x" },
          { index: 0, id: "y" },
        ],
      }),
      "has a created lead without a string id and a distinct index below 2",
    ],
    [
      "a created lead without id",
      JSON.stringify({ ...ok, created_leads: [{ index: 0 }] }),
      "has a created lead without a string id and a distinct index below 2",
    ],
  ])("rejects %s with a clear InstantlyResponseError", (_name, text, problem) => {
    const parse = () => parseAddLeadsResponse(200, text, 2);
    expect(parse).toThrow(InstantlyResponseError);
    expect(parse).toThrow(InstantlyError);
    expect(parse).toThrow(`Instantly API 200 answer to bulkAddLeads ${problem}`);
  });
});

import { describe, expect, it } from "vitest";
import {
  validateAddLeadsBody,
  validateLead,
  validateLeads,
  validateTarget,
} from "../../src/leads/validate.js";
import { CAMPAIGN_ID, LIST_ID, MAX_ITEMS, MIN_ITEMS, OTHER_ID } from "./support/spec-ids.js";

const campaign = { campaign_id: CAMPAIGN_ID };
const list = { list_id: LIST_ID };
const LABELS =
  "Interested, Meeting Booked, Meeting Completed, Won, Out of Office, Not Interested, Wrong Person, Lost, No Show";

describe("validateLead: the spec's schema", () => {
  it.each([
    [
      "an unknown property",
      { email: "a@x.example", emial: "a" },
      "emial",
      'unknown property "emial"',
    ],
    [
      "a number for a string",
      { email: "a@x.example", first_name: 5 },
      "first_name",
      "must be a string or null",
    ],
    [
      "an object for a string",
      { email: "a@x.example", phone: {} },
      "phone",
      "must be a string or null",
    ],
    [
      "a value outside the enum",
      { email: "a@x.example", lt_interest_status: 7 },
      "lt_interest_status",
      `must be one of 1, 2, 3, 4, 0, -1, -2, -3, -4 (${LABELS})`,
    ],
    [
      "a string for the numeric enum",
      { email: "a@x.example", lt_interest_status: "1" },
      "lt_interest_status",
      "must be a number",
    ],
    [
      "a malformed uuid",
      { email: "a@x.example", assigned_to: "bob" },
      "assigned_to",
      "must be a valid uuid",
    ],
    [
      "an array custom variable",
      { email: "a@x.example", custom_variables: { plan: ["pro"] } },
      "custom_variables.plan",
      "must be a string, number, boolean or null",
    ],
    [
      "a nested custom variable with a slash",
      { email: "a@x.example", custom_variables: { "a/b~c": {} } },
      "custom_variables.a/b~c",
      "must be a string, number, boolean or null",
    ],
    [
      "custom variables that are not an object",
      { email: "a@x.example", custom_variables: "x" },
      "custom_variables",
      "must be an object",
    ],
    ["a lead that is not an object", "a@x.example", "", "must be an object"],
    ["null for a lead", null, "", "must be an object"],
  ])("reports %s", (_name, lead, field, message) => {
    expect(validateLead(campaign, lead, 3)).toEqual([{ index: 3, field, message }]);
  });

  it.each([
    [
      "every field the spec allows",
      {
        email: "a@x.example",
        personalization: "Hi",
        website: "https://x.example",
        last_name: "L",
        first_name: "F",
        company_name: "C",
        job_title: "J",
        phone: "+1",
        lt_interest_status: -4,
        pl_value_lead: "High",
        assigned_to: OTHER_ID,
        custom_variables: { s: "x", n: 1.5, b: false, z: null },
      },
    ],
    [
      "nulls where the spec allows them",
      { email: "a@x.example", first_name: null, assigned_to: null },
    ],
  ])("accepts %s", (_name, lead) => {
    expect(validateLead(campaign, lead, 0)).toEqual([]);
  });

  it("lists every problem of one lead, not just the first", () => {
    const issues = validateLead(campaign, { emial: 1, phone: 2, lt_interest_status: 9 }, 0);
    expect(issues.map((issue) => issue.field)).toEqual([
      "emial",
      "phone",
      "lt_interest_status",
      "email",
    ]);
  });
});

describe("validateLead: the spec's prose rules", () => {
  it.each([
    [
      "campaign, no email",
      campaign,
      { first_name: "Ada" },
      [{ field: "email", message: "is required for a campaign: a non-empty string" }],
    ],
    [
      "campaign, null email",
      campaign,
      { email: null },
      [{ field: "email", message: "is required for a campaign: a non-empty string" }],
    ],
    [
      "campaign, blank email",
      campaign,
      { email: "  " },
      [{ field: "email", message: "is required for a campaign: a non-empty string" }],
    ],
    [
      "campaign, email of the wrong type (one issue)",
      campaign,
      { email: 5 },
      [{ field: "email", message: "must be a string or null" }],
    ],
    [
      "list, nothing to identify the lead",
      list,
      { phone: "+1", first_name: "" },
      [{ field: "", message: "needs a non-empty email, first_name or last_name for a list" }],
    ],
    ["list, email only", list, { email: "a@x.example" }, []],
    ["list, first name only", list, { first_name: "Ada" }, []],
    ["list, last name only", list, { last_name: "Lovelace" }, []],
    ["campaign, email only", campaign, { email: "a@x.example" }, []],
  ])("%s", (_name, target, lead, expected) => {
    expect(validateLead(target, lead, 7)).toEqual(
      expected.map((issue) => ({ index: 7, ...issue })),
    );
  });
});

describe("validateTarget", () => {
  it.each([
    [
      "both targets",
      { campaign_id: CAMPAIGN_ID, list_id: LIST_ID },
      [{ field: "list_id", message: "give campaign_id or list_id, not both" }],
    ],
    ["no target", {}, [{ field: "campaign_id", message: "give campaign_id or list_id" }]],
    [
      "not an object",
      "campaign",
      [{ field: "", message: "must be an object with campaign_id or list_id" }],
    ],
    [
      "a malformed campaign id",
      { campaign_id: "abc" },
      [{ field: "campaign_id", message: "must be a valid uuid" }],
    ],
    ["a number for a list id", { list_id: 5 }, [{ field: "list_id", message: "must be a string" }]],
    [
      "a body flag of the wrong type",
      { campaign_id: CAMPAIGN_ID, skip_if_in_workspace: "yes" },
      [{ field: "skip_if_in_workspace", message: "must be a boolean" }],
    ],
    ["a campaign", campaign, []],
    ["a list with a null blocklist", { list_id: LIST_ID, blocklist_id: null }, []],
  ])("%s", (_name, target, expected) => {
    expect(validateTarget(target)).toEqual(expected.map((issue) => ({ index: -1, ...issue })));
  });
});

describe("validateLeads", () => {
  it("returns the target's and every lead's issues without throwing", () => {
    const issues = validateLeads({ campaign_id: "x" }, [
      { email: "a@x.example" },
      {},
      { email: 1 },
    ]);
    expect(issues).toEqual([
      { index: -1, field: "campaign_id", message: "must be a valid uuid" },
      { index: 1, field: "email", message: "is required for a campaign: a non-empty string" },
      { index: 2, field: "email", message: "must be a string or null" },
    ]);
  });
});

describe("validateAddLeadsBody", () => {
  const leads = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ email: `l${i}@x.example` }));

  it.each([
    ["the spec's minimum", MIN_ITEMS, []],
    ["the spec's maximum", MAX_ITEMS, []],
    [
      "one below the minimum",
      MIN_ITEMS - 1,
      [`must hold ${MIN_ITEMS} to ${MAX_ITEMS} leads per request, got ${MIN_ITEMS - 1}`],
    ],
    [
      "one above the maximum",
      MAX_ITEMS + 1,
      [`must hold ${MIN_ITEMS} to ${MAX_ITEMS} leads per request, got ${MAX_ITEMS + 1}`],
    ],
  ])("checks the leads count at %s", (_name, count, messages) => {
    const issues = validateAddLeadsBody({ ...campaign, leads: leads(count) });
    expect(issues).toEqual(messages.map((message) => ({ index: -1, field: "leads", message })));
  });

  it("reports body, count and lead issues together", () => {
    const body = {
      campaign_id: CAMPAIGN_ID,
      list_id: LIST_ID,
      leads: [{}, { email: "a@x.example", x: 1 }],
    };
    expect(validateAddLeadsBody(body)).toEqual([
      { index: -1, field: "list_id", message: "give campaign_id or list_id, not both" },
      { index: 0, field: "email", message: "is required for a campaign: a non-empty string" },
      { index: 1, field: "x", message: 'unknown property "x"' },
    ]);
  });

  it.each([
    ["leads missing", { campaign_id: CAMPAIGN_ID }],
    ["leads not an array", { campaign_id: CAMPAIGN_ID, leads: { email: "a@x.example" } }],
  ])("requires an array of leads: %s", (_name, body) => {
    expect(validateAddLeadsBody(body)).toEqual([
      { index: -1, field: "leads", message: "must be an array of leads" },
    ]);
  });
});

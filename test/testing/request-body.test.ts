import { describe, expect, it } from "vitest";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { checkRequestBody, isSpecMediaType, parseJson } from "../../src/testing/request-body.js";
import { CAMPAIGN_ID, LIST_ID } from "./support.js";

const { maxItems } = bulkAddLeadsSpec.arrays.leads;
const lead = { email: "ada@example.com" };
const many = (count: number) => Array.from({ length: count }, (_, i) => ({ email: `l${i}@x.io` }));

describe("checkRequestBody", () => {
  it.each([
    ["invalid JSON", "{", "not valid JSON"],
    ["a body that is not an object", "[1]", "body must be object"],
    ["missing leads", { campaign_id: CAMPAIGN_ID }, "must have required property 'leads'"],
    [
      "empty leads",
      { campaign_id: CAMPAIGN_ID, leads: [] },
      "body.leads must NOT have fewer than 1",
    ],
    [
      "leads over maxItems",
      { campaign_id: CAMPAIGN_ID, leads: many(maxItems + 1) },
      `body.leads must NOT have more than ${maxItems}`,
    ],
    [
      "an unknown lead property",
      { campaign_id: CAMPAIGN_ID, leads: [lead, { ...lead, favourite_color: "red" }] },
      "body.leads[1] must NOT have additional properties 'favourite_color'",
    ],
    [
      "a number email",
      { campaign_id: CAMPAIGN_ID, leads: [{ email: 42 }] },
      "body.leads[0].email must be string,null",
    ],
    [
      "an lt_interest_status outside the enum",
      { campaign_id: CAMPAIGN_ID, leads: [{ ...lead, lt_interest_status: 5 }] },
      "body.leads[0].lt_interest_status must be equal to one of the allowed values (1, 2, 3, 4, 0, -1, -2, -3, -4)",
    ],
    [
      "an object custom variable",
      { campaign_id: CAMPAIGN_ID, leads: [{ ...lead, custom_variables: { plan: { a: 1 } } }] },
      "body.leads[0].custom_variables.plan must be string,number,boolean,null",
    ],
    [
      "a string flag",
      { campaign_id: CAMPAIGN_ID, leads: [lead], skip_if_in_workspace: "yes" },
      "body.skip_if_in_workspace must be boolean",
    ],
    [
      "a bad campaign uuid",
      { campaign_id: "c-1", leads: [lead] },
      'body.campaign_id must match format "uuid"',
    ],
    ["a bad list uuid", { list_id: "l-1", leads: [lead] }, 'body.list_id must match format "uuid"'],
    [
      "a bad blocklist uuid",
      { campaign_id: CAMPAIGN_ID, leads: [lead], blocklist_id: "b" },
      'body.blocklist_id must match format "uuid"',
    ],
    [
      "a bad lead assigned_to uuid",
      { campaign_id: CAMPAIGN_ID, leads: [{ ...lead, assigned_to: "u" }] },
      'body.leads[0].assigned_to must match format "uuid"',
    ],
    [
      "a null body assigned_to",
      { campaign_id: CAMPAIGN_ID, leads: [lead], assigned_to: null },
      "body.assigned_to must be string",
    ],
    [
      "both campaign_id and list_id",
      { campaign_id: CAMPAIGN_ID, list_id: LIST_ID, leads: [lead] },
      "give campaign_id or list_id, not both",
    ],
    ["neither campaign_id nor list_id", { leads: [lead] }, "campaign_id or list_id is required"],
  ])("rejects %s", (_name, body, message) => {
    const check = checkRequestBody(typeof body === "string" ? parseJson(body) : { json: body });
    expect(check).toEqual({ ok: false, message: expect.stringContaining(message) });
  });

  it("lists at most five issues and counts the rest", () => {
    const leads = Array.from({ length: 8 }, () => ({ email: 1 }));
    const check = checkRequestBody({ json: { campaign_id: CAMPAIGN_ID, leads } });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message.split("; ")).toHaveLength(5);
    expect(!check.ok && check.message).toMatch(/\(and 3 more\)$/);
  });

  it.each([
    [
      "a campaign target",
      { campaign_id: CAMPAIGN_ID, leads: [lead] },
      { campaign_id: CAMPAIGN_ID },
    ],
    ["a list target", { list_id: LIST_ID, leads: [{ first_name: "Ada" }] }, { list_id: LIST_ID }],
    [
      "nulls, every custom variable type and every flag",
      {
        list_id: LIST_ID,
        blocklist_id: null,
        assigned_to: CAMPAIGN_ID,
        verify_leads_on_import: true,
        skip_if_in_workspace: false,
        skip_if_in_campaign: true,
        skip_if_in_list: true,
        leads: [
          {
            email: null,
            first_name: "Ada",
            phone: null,
            assigned_to: null,
            lt_interest_status: -4,
            custom_variables: { s: "x", n: 1.5, b: false, z: null },
          },
        ],
      },
      { list_id: LIST_ID },
    ],
    [
      "maxItems leads",
      { campaign_id: CAMPAIGN_ID, leads: many(maxItems) },
      { campaign_id: CAMPAIGN_ID },
    ],
  ])("accepts %s", (_name, body, target) => {
    expect(checkRequestBody({ json: body })).toEqual({ ok: true, body, target });
  });
});

describe("isSpecMediaType", () => {
  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    [" Application/JSON ;charset=UTF-8", true],
    ["text/plain;charset=UTF-8", false],
    ["application/jsonl", false],
    ["", false],
    [undefined, false],
  ])("%j -> %s", (header, expected) => {
    expect(isSpecMediaType(header)).toBe(expected);
  });
});

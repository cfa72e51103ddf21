import { describe, expect, it } from "vitest";
import type { AnomalyKind } from "../../src/leads/anomalies.js";
import {
  planFullReason,
  readAddLeadsResponse,
  RESPONSE_COUNTERS,
  type SentLeads,
} from "../../src/leads/response.js";

const A_ID = "019e0e3e-b690-71a9-b399-fbf98bda4f7c";
const B_ID = "019e0e3e-b690-71a9-b399-fbf98bda4f7d";
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
  created_leads: [{ index: 1, id: A_ID, email: "b@x.example" }],
};
const campaign: SentLeads = {
  kind: "campaign",
  leads: [{ email: "a@x.example" }, { email: "b@x.example" }],
};
const list: SentLeads = { kind: "list", leads: [{ first_name: "A" }, { email: "b@x.example" }] };

function without(name: keyof typeof ok) {
  const { [name]: _omitted, ...rest } = ok;
  return rest;
}

const twoCreated = { ...ok, leads_uploaded: 2, in_blocklist: 0 };

describe("readAddLeadsResponse", () => {
  it("reads the documented 200 body without anomalies", () => {
    expect(readAddLeadsResponse(JSON.stringify(ok), campaign)).toEqual({
      body: ok,
      anomalies: [],
    });
  });

  it.each<[string, unknown, SentLeads]>([
    [
      "no remaining_in_plan for a list (only present with a campaign)",
      without("remaining_in_plan"),
      list,
    ],
    [
      "no incomplete_count for a campaign (only calculated for lists)",
      without("incomplete_count"),
      campaign,
    ],
  ])("takes %s as the spec says, not as an anomaly", (_name, body, sent) => {
    const { body: read, anomalies } = readAddLeadsResponse(JSON.stringify(body), sent);
    expect(anomalies).toEqual([]);
    expect(read.remaining_in_plan).toBe(sent.kind === "list" ? null : 5);
    expect(read.incomplete_count).toBe(0);
  });

  // Each deviating 2xx body: the anomalies named, and the created leads tied to batch positions.
  it.each<
    [string, string | undefined, SentLeads, AnomalyKind[], Array<{ index: number; id: string }>]
  >([
    ["HTML", "<html>200</html>", campaign, ["not_json"], []],
    ["an empty body", "", campaign, ["not_json"], []],
    ["no body", undefined, campaign, ["not_json"], []],
    ["a JSON array", "[]", campaign, ["not_object"], []],
    ["a JSON string", '"ok"', campaign, ["not_object"], []],
    [
      "an omitted counter",
      JSON.stringify(without("in_blocklist")),
      campaign,
      ["missing_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "a counter as a string",
      JSON.stringify({ ...ok, skipped_count: "0" }),
      campaign,
      ["invalid_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "a negative counter",
      JSON.stringify({ ...ok, skipped_count: -1 }),
      campaign,
      ["invalid_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "a fractional counter",
      JSON.stringify({ ...ok, in_blocklist: 0.5 }),
      campaign,
      ["invalid_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "incomplete_count omitted for a list",
      JSON.stringify(without("incomplete_count")),
      list,
      ["missing_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "remaining_in_plan omitted for a campaign",
      JSON.stringify(without("remaining_in_plan")),
      campaign,
      ["missing_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "remaining_in_plan as a string",
      JSON.stringify({ ...ok, remaining_in_plan: "5" }),
      campaign,
      ["invalid_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "blocklist_used omitted",
      JSON.stringify(without("blocklist_used")),
      campaign,
      ["missing_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "status omitted",
      JSON.stringify(without("status")),
      campaign,
      ["missing_field"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "status other than success",
      JSON.stringify({ ...ok, status: "queued" }),
      campaign,
      ["status"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "total_sent not the leads sent (the spec's example: 10)",
      JSON.stringify({ ...ok, total_sent: 10, in_blocklist: 9 }),
      campaign,
      ["total_sent_mismatch"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "counters that do not add up",
      JSON.stringify({ ...ok, in_blocklist: 0 }),
      campaign,
      ["counters_mismatch"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "more created leads than leads_uploaded",
      JSON.stringify({
        ...ok,
        created_leads: [
          { index: 1, id: A_ID },
          { index: 0, id: B_ID },
        ],
      }),
      campaign,
      ["counters_mismatch"],
      [
        { index: 1, id: A_ID },
        { index: 0, id: B_ID },
      ],
    ],
    ["no created_leads", JSON.stringify(without("created_leads")), campaign, ["missing_field"], []],
    [
      "created_leads not an array",
      JSON.stringify({ ...ok, created_leads: {} }),
      campaign,
      ["invalid_field"],
      [],
    ],
    [
      "a created lead without id",
      JSON.stringify({ ...ok, created_leads: [{ index: 1 }] }),
      campaign,
      ["invalid_field"],
      [],
    ],
    [
      "a created lead without index, found by email",
      JSON.stringify({ ...ok, created_leads: [{ id: A_ID, email: " B@X.example" }] }),
      campaign,
      ["created_index_missing"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "a created lead outside the batch, found by email",
      JSON.stringify({ ...ok, created_leads: [{ index: 7, id: A_ID, email: "b@x.example" }] }),
      campaign,
      ["created_index_out_of_range"],
      [{ index: 1, id: A_ID }],
    ],
    [
      "a created lead outside the batch without email",
      JSON.stringify({ ...ok, created_leads: [{ index: 7, id: A_ID }] }),
      list,
      ["created_index_out_of_range"],
      [],
    ],
    [
      "two created leads at one index, the second found by email",
      JSON.stringify({
        ...twoCreated,
        created_leads: [
          { index: 0, id: A_ID, email: "a@x.example" },
          { index: 0, id: B_ID, email: "b@x.example" },
        ],
      }),
      campaign,
      ["created_index_duplicate"],
      [
        { index: 0, id: A_ID },
        { index: 1, id: B_ID },
      ],
    ],
    [
      "a created lead at the index of a lead with another email",
      JSON.stringify({
        ...twoCreated,
        created_leads: [
          { index: 0, id: A_ID, email: "b@x.example" },
          { index: 1, id: B_ID, email: "a@x.example" },
        ],
      }),
      campaign,
      ["created_index_mismatch"],
      [
        { index: 1, id: A_ID },
        { index: 0, id: B_ID },
      ],
    ],
  ])("accepts %s, naming it", (_name, text, sent, kinds, created) => {
    const { body, anomalies } = readAddLeadsResponse(text, sent);
    expect(anomalies.map((anomaly) => anomaly.kind)).toEqual(kinds);
    expect(body.created_leads.map(({ index, id }) => ({ index, id }))).toEqual(created);
    // Every documented field is there for the caller, typed as documented.
    for (const name of RESPONSE_COUNTERS) expect(Number.isInteger(body[name])).toBe(true);
    expect(typeof body.status).toBe("string");
  });

  it("keeps a created lead it cannot tie to a lead in its anomaly, with its id", () => {
    const entry = { index: -1, id: A_ID, first_name: "A" };
    const { anomalies } = readAddLeadsResponse(
      JSON.stringify({ ...ok, created_leads: [entry] }),
      list,
    );
    expect(anomalies).toEqual([
      {
        kind: "created_index_out_of_range",
        detail: "created_leads[0] (index -1, email undefined): 1 tied to no lead, kept unmapped",
        unmapped: [entry],
      },
    ]);
  });

  it("makes one anomaly per kind of a body's created leads, however many entries", () => {
    const leads = Array.from({ length: 1000 }, (_, i) => ({ email: `l${i}@x.example` }));
    const created = leads.map((lead, i) => ({
      index: i + 1000,
      id: `id-${i}`,
      email: i < 10 ? null : lead.email,
    }));
    const text = JSON.stringify({
      ...ok,
      total_sent: 1000,
      leads_uploaded: 1000,
      in_blocklist: 0,
      created_leads: created,
    });
    const { body, anomalies } = readAddLeadsResponse(text, { kind: "campaign", leads });
    expect(anomalies).toEqual([
      {
        kind: "created_index_out_of_range",
        detail:
          "1000 entries, the first created_leads[0] (index 1000, email null): " +
          "990 tied to a lead of the batch by email, 10 tied to no lead, kept unmapped",
        unmapped: created.slice(0, 10),
      },
    ]);
    expect(body.created_leads).toHaveLength(990);
    expect(body.created_leads.every((lead) => lead.email === leads[lead.index]?.email)).toBe(true);
  });

  it("names what it saw: the spec's example total_sent for one lead", () => {
    const text = JSON.stringify({ ...ok, total_sent: 10 });
    const { anomalies } = readAddLeadsResponse(text, {
      kind: "campaign",
      leads: [{ email: "b@x.example" }],
    });
    expect(anomalies[0]).toEqual({
      kind: "total_sent_mismatch",
      detail: "total_sent 10 for 1 lead sent",
    });
  });
});

describe("planFullReason", () => {
  const full = {
    ...ok,
    leads_uploaded: 0,
    in_blocklist: 0,
    remaining_in_plan: 0,
    created_leads: [],
  };
  it.each<[string, object, SentLeads, boolean]>([
    ["nothing uploaded and nothing skipped, plan at 0", full, campaign, true],
    ["some uploaded", { ...full, leads_uploaded: 1 }, campaign, false],
    ["every lead skipped for a stated reason", { ...full, in_blocklist: 2 }, campaign, false],
    ["plan not at 0", { ...full, remaining_in_plan: 3 }, campaign, false],
    ["a list", full, list, false],
  ])("%s", (_name, body, sent, isFull) => {
    const { body: read } = readAddLeadsResponse(JSON.stringify(body), sent);
    expect(planFullReason(read, sent) !== undefined).toBe(isFull);
  });
});

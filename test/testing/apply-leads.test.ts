import { describe, expect, it } from "vitest";
import type { BulkAddLeadsBody, BulkAddLeadsLead } from "../../generated/client.gen.js";
import { DEFAULT_BLOCKLIST_ID, applyLeads } from "../../src/testing/apply-leads.js";
import { createBlocklist } from "../../src/testing/email-rules.js";
import { WorkspaceState } from "../../src/testing/fake-state.js";
import type { FakeTarget, FakeTotals } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID, LIST_ID, OTHER_ID } from "./support.js";

type Flags = Pick<
  BulkAddLeadsBody,
  "skip_if_in_workspace" | "skip_if_in_campaign" | "skip_if_in_list" | "blocklist_id"
>;
type Counter = Exclude<keyof FakeTotals, "total_sent" | "leads_uploaded">;

const campaign: FakeTarget = { campaign_id: CAMPAIGN_ID };
const list: FakeTarget = { list_id: LIST_ID };
const otherCampaign: FakeTarget = { campaign_id: OTHER_ID };
const otherList: FakeTarget = { list_id: OTHER_ID };
const blocklist = ["no@spam.example", "@blocked.example", "closed.example"];

interface Case {
  name: string;
  /** Requests applied first, to put leads in the workspace. */
  before?: Array<[FakeTarget, BulkAddLeadsLead[]]>;
  target: FakeTarget;
  flags?: Flags;
  leads: BulkAddLeadsLead[];
  /** The counter each lead lands in; "created" when it is created. */
  expected: Array<Counter | "created">;
}

const cases: Case[] = [
  {
    name: "campaign: missing, null, blank and malformed emails are invalid",
    target: campaign,
    leads: [
      { first_name: "A" },
      { email: null },
      { email: "  " },
      { email: "a@" },
      { email: "ok@x.io" },
    ],
    expected: [
      "invalid_email_count",
      "invalid_email_count",
      "invalid_email_count",
      "invalid_email_count",
      "created",
    ],
  },
  {
    name: "list: no email and no names is incomplete, a name alone is enough",
    target: list,
    leads: [
      { phone: "+1" },
      { first_name: "Ada" },
      { last_name: "Byron" },
      { email: null, first_name: " " },
    ],
    expected: ["incomplete_count", "created", "created", "incomplete_count"],
  },
  {
    name: "list: a given but malformed email is invalid even with names",
    target: list,
    leads: [{ email: "ada-at-x.io", first_name: "Ada" }],
    expected: ["invalid_email_count"],
  },
  {
    name: "blocklisted emails and domains, case-insensitive",
    target: campaign,
    leads: [
      { email: "No@Spam.example" },
      { email: "a@blocked.example" },
      { email: "b@CLOSED.example" },
      { email: "c@sub.closed.example" },
    ],
    expected: ["in_blocklist", "in_blocklist", "in_blocklist", "created"],
  },
  {
    name: "an email repeated in the request: the first is created, repeats counted",
    target: campaign,
    leads: [{ email: "ada@x.io" }, { email: "ADA@x.io" }, { email: " ada@x.io " }],
    expected: ["created", "duplicate_email_count", "duplicate_email_count"],
  },
  {
    name: "already in the target, case-insensitive",
    before: [[campaign, [{ email: "ada@x.io" }]]],
    target: campaign,
    leads: [{ email: "Ada@X.io" }, { email: "new@x.io" }],
    expected: ["duplicated_leads", "created"],
  },
  {
    name: "in another campaign without flags is created again",
    before: [[otherCampaign, [{ email: "ada@x.io" }]]],
    target: campaign,
    leads: [{ email: "ada@x.io" }],
    expected: ["created"],
  },
  {
    name: "skip_if_in_workspace skips leads in any campaign or list",
    before: [
      [otherCampaign, [{ email: "c@x.io" }]],
      [otherList, [{ email: "l@x.io" }]],
    ],
    target: campaign,
    flags: { skip_if_in_workspace: true },
    leads: [{ email: "c@x.io" }, { email: "l@x.io" }, { email: "n@x.io" }],
    expected: ["skipped_count", "skipped_count", "created"],
  },
  {
    name: "skip_if_in_workspace overrides skip_if_in_campaign: false",
    before: [[otherCampaign, [{ email: "c@x.io" }]]],
    target: list,
    flags: { skip_if_in_workspace: true, skip_if_in_campaign: false, skip_if_in_list: false },
    leads: [{ email: "c@x.io" }],
    expected: ["skipped_count"],
  },
  {
    name: "skip_if_in_campaign skips only leads in a campaign",
    before: [
      [otherCampaign, [{ email: "c@x.io" }]],
      [otherList, [{ email: "l@x.io" }]],
    ],
    target: list,
    flags: { skip_if_in_campaign: true },
    leads: [{ email: "c@x.io" }, { email: "l@x.io" }],
    expected: ["skipped_count", "created"],
  },
  {
    name: "skip_if_in_list skips only leads in a list",
    before: [
      [otherCampaign, [{ email: "c@x.io" }]],
      [otherList, [{ email: "l@x.io" }]],
    ],
    target: campaign,
    flags: { skip_if_in_list: true },
    leads: [{ email: "c@x.io" }, { email: "l@x.io" }],
    expected: ["created", "skipped_count"],
  },
  {
    name: "order: invalid before blocklist, blocklist before repeats, repeats before target, target before skip",
    before: [[campaign, [{ email: "in@x.io" }]]],
    target: campaign,
    flags: { skip_if_in_workspace: true },
    leads: [
      { email: "bad@blocked.example." },
      { email: "x@blocked.example" },
      { email: "x@blocked.example" },
      { email: "in@x.io" },
      { email: "IN@x.io" },
    ],
    expected: [
      "invalid_email_count",
      "in_blocklist",
      "in_blocklist",
      "duplicated_leads",
      "duplicate_email_count",
    ],
  },
  {
    name: "list leads without email are never deduplicated",
    before: [[list, [{ first_name: "Ada" }]]],
    target: list,
    flags: { skip_if_in_workspace: true },
    leads: [{ first_name: "Ada" }, { first_name: "Ada" }],
    expected: ["created", "created"],
  },
];

function freshState(): WorkspaceState {
  return new WorkspaceState(10, {});
}

describe("applyLeads", () => {
  it.each(cases)("$name", ({ before = [], target, flags = {}, leads, expected }) => {
    const state = freshState();
    const isBlocked = createBlocklist(blocklist);
    before.forEach(([where, earlier], i) => {
      applyLeads(state, where, { ...where, leads: earlier }, i + 1, isBlocked);
    });
    const response = applyLeads(state, target, { ...target, ...flags, leads }, 99, isBlocked);
    const createdIndices = expected.flatMap((kind, index) => (kind === "created" ? [index] : []));
    const count = (kind: Counter) => expected.filter((k) => k === kind).length;
    expect(response).toMatchObject({
      status: "success",
      total_sent: leads.length,
      leads_uploaded: createdIndices.length,
      in_blocklist: count("in_blocklist"),
      duplicated_leads: count("duplicated_leads"),
      skipped_count: count("skipped_count"),
      invalid_email_count: count("invalid_email_count"),
      incomplete_count: count("incomplete_count"),
      duplicate_email_count: count("duplicate_email_count"),
    });
    expect(response.created_leads.map((created) => created.index)).toEqual(createdIndices);
    expect(state.leadsIn(target).filter((lead) => lead.requestNumber === 99)).toHaveLength(
      createdIndices.length,
    );
  });

  it("describes each created lead and stores it with its request and target", () => {
    const state = freshState();
    const lead = {
      email: " Ada@X.io ",
      first_name: "Ada",
      last_name: null,
      phone: "+1",
      website: "w",
    };
    const response = applyLeads(
      state,
      list,
      { ...list, leads: [{ phone: "+2" }, lead] },
      7,
      () => false,
    );
    const [created] = response.created_leads;
    expect(response.created_leads).toHaveLength(1);
    expect(created).toEqual({
      index: 1,
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      email: "Ada@X.io",
      first_name: "Ada",
      last_name: null,
      phone: "+1",
    });
    const createdAt = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(state.leads).toEqual([{ ...created, target: list, requestNumber: 7, createdAt, lead }]);
  });

  it("counts remaining_in_plan down for campaigns, not below zero, and answers null for lists", () => {
    const state = freshState();
    const leads = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ email: `l${from + i}@x.io` }));
    const noBlocklist = () => false;
    expect(
      applyLeads(state, campaign, { ...campaign, leads: leads(0, 4) }, 1, noBlocklist)
        .remaining_in_plan,
    ).toBe(6);
    expect(
      applyLeads(state, list, { ...list, leads: leads(4, 4) }, 2, noBlocklist).remaining_in_plan,
    ).toBeNull();
    expect(
      applyLeads(state, campaign, { ...campaign, leads: leads(8, 9) }, 3, noBlocklist)
        .remaining_in_plan,
    ).toBe(0);
    expect(state.remainingInPlan).toBe(0);
  });

  it.each([
    ["the default blocklist when none is given", {}, DEFAULT_BLOCKLIST_ID],
    ["the default blocklist for null", { blocklist_id: null }, DEFAULT_BLOCKLIST_ID],
    ["the given blocklist", { blocklist_id: OTHER_ID }, OTHER_ID],
  ])("reports %s in blocklist_used", (_name, flags, used) => {
    const body = { ...campaign, ...flags, leads: [{ email: "a@x.io" }] };
    expect(applyLeads(freshState(), campaign, body, 1, () => false).blocklist_used).toBe(used);
  });

  it("sums the counters of every applied request in the totals", () => {
    const state = freshState();
    const isBlocked = createBlocklist(blocklist);
    const first = [{ email: "a@x.io" }, { email: "a@x.io" }, { email: "z@blocked.example" }];
    applyLeads(state, campaign, { ...campaign, leads: first }, 1, isBlocked);
    applyLeads(state, campaign, { ...campaign, leads: [{ email: "a@x.io" }, {}] }, 2, isBlocked);
    expect(state.applied).toBe(2);
    expect(state.totals).toEqual({
      total_sent: 5,
      leads_uploaded: 1,
      in_blocklist: 1,
      duplicated_leads: 1,
      skipped_count: 0,
      invalid_email_count: 1,
      incomplete_count: 0,
      duplicate_email_count: 1,
    });
  });
});

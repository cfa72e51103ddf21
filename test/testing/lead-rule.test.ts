import { describe, expect, it } from "vitest";
import { leadRuleRefusal } from "../../src/testing/lead-rule.js";
import type { FakeLeadRule } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID } from "./support.js";

const body = (emails: string[]) => ({
  campaign_id: CAMPAIGN_ID,
  leads: emails.map((email) => ({ email, first_name: "Ada" })),
});
const good = ["a@x.example", "b@x.example", "c@sub_domain.example", "d@sub_domain.example"];

describe("leadRuleRefusal", () => {
  it.each<[string, FakeLeadRule | undefined, string[], number | undefined, string | undefined]>([
    ["no rule", undefined, good, undefined, undefined],
    ["no lead breaks it", { matches: "@nowhere\\." }, good, undefined, undefined],
    [
      "the first lead that breaks it",
      { matches: "_" },
      good,
      400,
      "body/leads/2/email is not valid",
    ],
    [
      "a RegExp, 422",
      { matches: /^b@/, status: 422 },
      good,
      422,
      "body/leads/1/email is not valid",
    ],
    ["without a hint", { matches: "_", namePosition: false }, good, 400, "email is not valid"],
    [
      "another field",
      { field: "first_name", matches: "^Ada$" },
      good,
      400,
      "body/leads/0/first_name is not valid",
    ],
  ])("%s", (_, rule, emails, status, message) => {
    const reply = leadRuleRefusal(rule, body(emails));
    expect(reply?.status).toBe(status);
    if (message !== undefined) {
      expect(JSON.parse(reply?.body ?? "")).toMatchObject({ statusCode: status, message });
    }
  });
});

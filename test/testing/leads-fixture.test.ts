import { afterEach, describe, expect, it } from "vitest";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { startFakeInstantly } from "../../src/testing/fake-server.js";
import { generateLeads, leadsFixture } from "../../src/testing/leads-fixture.js";
import { checkRequestBody } from "../../src/testing/request-body.js";
import type { FakeInstantly } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID, postLeads } from "./support.js";

const mix = { invalidEmailRate: 0.1, duplicateRate: 0.1, blockedRate: 0.1 };

describe("leadsFixture", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(leadsFixture(50, { ...mix, seed: 7 })).toEqual(leadsFixture(50, { ...mix, seed: 7 }));
    expect(leadsFixture(50, { ...mix, seed: 7 })).not.toEqual(
      leadsFixture(50, { ...mix, seed: 8 }),
    );
  });

  it("streams the same leads as the array", () => {
    expect([...generateLeads(20, { ...mix, seed: 3 })]).toEqual(
      leadsFixture(20, { ...mix, seed: 3 }),
    );
  });

  it("gives only distinct valid emails on the default domain without rates", () => {
    const emails = leadsFixture(500).map((lead) => lead.email);
    expect(new Set(emails).size).toBe(500);
    expect(emails.every((email) => email?.endsWith("@example.com"))).toBe(true);
  });

  it("mixes problem leads in at about the asked rates", () => {
    const leads = leadsFixture(10_000, { ...mix, blockedDomain: "spam.example" });
    const share = (test: (email: string | null | undefined) => boolean) =>
      leads.filter((lead) => test(lead.email)).length / leads.length;
    const invalid = share((email) => email === null || email?.includes("-at-") === true);
    const repeated = share((email) => email !== email?.toLowerCase());
    const blocked = share((email) => email?.endsWith("@spam.example") === true);
    for (const observed of [invalid, repeated, blocked]) expect(observed).toBeCloseTo(0.1, 1);
  });

  it("fits the spec's request body schema", () => {
    const leads = leadsFixture(bulkAddLeadsSpec.arrays.leads.maxItems, mix);
    expect(checkRequestBody({ json: { campaign_id: CAMPAIGN_ID, leads } }).ok).toBe(true);
  });
});

describe("leadsFixture against the fake", () => {
  let fake: FakeInstantly | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("lands each kind of problem lead in its counter", async () => {
    fake = await startFakeInstantly({ rateLimit: false, blocklist: ["blocked.example"] });
    const leads = leadsFixture(1000, { ...mix, seed: 11 });
    const answer = await postLeads(fake.url, { campaign_id: CAMPAIGN_ID, leads });
    const counts = answer.json as Record<string, number>;
    expect(answer.status).toBe(200);
    for (const counter of ["invalid_email_count", "duplicate_email_count", "in_blocklist"]) {
      expect(counts[counter]).toBeGreaterThan(50);
    }
    expect(counts.leads_uploaded).toBe(
      1000 - counts.invalid_email_count! - counts.duplicate_email_count! - counts.in_blocklist!,
    );
  });
});

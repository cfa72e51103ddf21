import { afterEach, describe, expect, it } from "vitest";
import { startFakeInstantly } from "../../src/testing/fake-server.js";
import type { FakeInstantly } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID, postLeads } from "./support.js";

let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const body = (i: number) => ({ campaign_id: CAMPAIGN_ID, leads: [{ email: `l${i}@x.example` }] });

describe("startFakeInstantly: capacity, body limit, lead rule", () => {
  it("works on `concurrent` requests at once and queues the rest, first come first served", async () => {
    fake = await startFakeInstantly({
      rateLimit: false,
      capacity: { concurrent: 2, serviceMs: 200 },
    });
    const started = performance.now();
    const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => postLeads(fake!.url, body(i))));
    const seconds = (performance.now() - started) / 1000;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    // Three rounds of 200 ms: 2 + 2 + 1.
    expect(seconds).toBeGreaterThanOrEqual(0.58);
    const queued = fake.state.log.map((entry) => entry.queuedMs ?? -1).sort((a, b) => a - b);
    expect(queued[0]).toBeLessThan(50);
    expect(queued[1]).toBeLessThan(50);
    expect(queued[2]).toBeGreaterThan(150);
    expect(queued[4]).toBeGreaterThan(350);
  });

  it("answers 413 for a body over maxBodyBytes, before the key is checked, applying nothing", async () => {
    fake = await startFakeInstantly({ rateLimit: false, maxBodyBytes: 200 });
    const small = await postLeads(fake.url, body(1), { apiKey: "wrong" });
    expect(small.status).toBe(401);
    const leads = Array.from({ length: 10 }, (_, i) => ({ email: `lead${i}@x.example` }));
    const large = await postLeads(
      fake.url,
      { campaign_id: CAMPAIGN_ID, leads },
      { apiKey: "wrong" },
    );
    expect(large.status).toBe(413);
    expect(large.json).toMatchObject({ statusCode: 413, message: "Request body is too large" });
    expect(fake.state.applied).toBe(0);
    expect(fake.state.log.map((entry) => entry.status)).toEqual([401, 413]);
  });

  it("refuses a whole request for one lead its leadRule refuses, and applies the others", async () => {
    fake = await startFakeInstantly({ rateLimit: false, leadRule: { matches: "_" } });
    const leads = [{ email: "a@x.example" }, { email: "b@sub_domain.example" }];
    const refused = await postLeads(fake.url, { campaign_id: CAMPAIGN_ID, leads });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ message: "body/leads/1/email is not valid" });
    expect(fake.state.leads).toHaveLength(0);
    const ok = await postLeads(fake.url, { campaign_id: CAMPAIGN_ID, leads: leads.slice(0, 1) });
    expect(ok.status).toBe(200);
    expect(fake.state.leads).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { handleAddLeads, type AddLeadsEndpoint } from "../../src/testing/add-leads-endpoint.js";
import { startFakeInstantly } from "../../src/testing/fake-server.js";
import { WorkspaceState } from "../../src/testing/fake-state.js";
import { RateWindow } from "../../src/testing/rate-window.js";
import type { FakeInstantly } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID, OTHER_ID, postLeads } from "./support.js";

const valid = { campaign_id: CAMPAIGN_ID, leads: [{ email: "ada@example.com" }] };
const invalid = { campaign_id: CAMPAIGN_ID, leads: [] };
const unknownTarget = { campaign_id: OTHER_ID, leads: [{ nickname: "x" }] };

function endpoint(overrides: Partial<AddLeadsEndpoint> = {}): AddLeadsEndpoint {
  return {
    state: new WorkspaceState(100, { campaigns: [CAMPAIGN_ID] }),
    apiKey: "k",
    paid: true,
    isBlocked: () => false,
    rateLimit: undefined,
    ...overrides,
  };
}

function exhaustedRateLimit(): AddLeadsEndpoint["rateLimit"] {
  const window = new RateWindow({ perSecond: 1, perMinute: 1 });
  window.take();
  return { window, sendRetryAfter: true };
}

const json = "application/json";

describe("handleAddLeads: order of checks", () => {
  const limitedUnpaid = () => ({ paid: false, rateLimit: exhaustedRateLimit() });
  it.each([
    ["the key before everything", limitedUnpaid(), "wrong", "text/plain", invalid, 401],
    ["the rate limit before the plan", limitedUnpaid(), "k", "text/plain", invalid, 429],
    ["the plan before the media type", { paid: false }, "k", "text/plain", invalid, 402],
    ["the media type before the body", {}, "k", "text/plain", invalid, 415],
    ["the body before the target", {}, "k", json, unknownTarget, 400],
    ["the target before applying", {}, "k", json, { ...valid, campaign_id: OTHER_ID }, 404],
    ["nothing for a good request", {}, "k", json, valid, 200],
  ])("checks %s", (_name, overrides, key, contentType, body, status) => {
    const outcome = handleAddLeads(endpoint(overrides), {
      requestNumber: 1,
      authorization: `Bearer ${key}`,
      contentType,
      parsed: { json: body },
    });
    expect(outcome.reply.status).toBe(status);
    expect(outcome.applied).toBe(status === 200);
  });

  it("spends no rate budget on requests with a wrong key", () => {
    const limited = endpoint({
      rateLimit: { window: new RateWindow({ perMinute: 1 }), sendRetryAfter: true },
    });
    const send = (key: string) =>
      handleAddLeads(limited, {
        requestNumber: 1,
        authorization: `Bearer ${key}`,
        contentType: json,
        parsed: { json: valid },
      }).reply.status;
    expect([send("wrong"), send("k"), send("k")]).toEqual([401, 200, 429]);
  });
});

describe("rate limiting on the wire", () => {
  let fake: FakeInstantly | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it.each([
    ["with Retry-After", true],
    ["without Retry-After", false],
  ])("answers 429 past the limit, %s", async (_name, retryAfter) => {
    fake = await startFakeInstantly({ rateLimit: { perSecond: 1000, perMinute: 3, retryAfter } });
    const url = fake.url;
    const answers = await Promise.all(Array.from({ length: 5 }, () => postLeads(url, valid)));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 429, 429]);
    for (const answer of limited) {
      expect(answer.json).toEqual({
        statusCode: 429,
        error: "Too Many Requests",
        message: "Rate limit exceeded",
      });
      const header = answer.headers.get("retry-after");
      if (retryAfter)
        expect(Number(header)).toSatisfy((s: number) => Number.isInteger(s) && s >= 1 && s <= 60);
      else expect(header).toBeNull();
    }
    expect(fake.state.responses).toEqual({ 200: 3, 429: 2 });
    expect(fake.state.applied).toBe(3);
  });

  it("limits by default at the documented rate", async () => {
    fake = await startFakeInstantly();
    const url = fake.url;
    // Bursts of 100 arrive faster than 100/s on any machine; ten of them bound the loop.
    for (let burst = 0; burst < 10 && fake.state.responses[429] === undefined; burst += 1) {
      await Promise.all(Array.from({ length: 100 }, () => postLeads(url, valid)));
    }
    expect(fake.state.responses[429]).toBeGreaterThan(0);
    expect(fake.state.responses[200]).toBeGreaterThanOrEqual(100);
  });
});

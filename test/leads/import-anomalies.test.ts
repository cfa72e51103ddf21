import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import type { AnomalyKind } from "../../src/leads/anomalies.js";
import { importLeads } from "../../src/leads/import-leads.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import type { FakeResponseDeviations } from "../../src/testing/fake-instantly.js";
import { countingSource, emailLeads, fakeWithClient } from "./support/fake.js";
import {
  createdAll,
  errorBody,
  sendJson,
  startLoopback,
  type Loopback,
  type Received,
} from "../support/loopback.js";
import { CAMPAIGN_ID, LIST_ID } from "./support/spec-ids.js";

const campaign = { campaign_id: CAMPAIGN_ID };
let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("importLeads with 2xx answers that differ from the spec", () => {
  // 25 leads in batches of 10: 3 batches, each answered 200 by the fake as the switch says.
  it.each<[string, FakeResponseDeviations, AnomalyKind[]]>([
    ["omitted counters", { omitCounters: ["in_blocklist", "skipped_count"] }, ["missing_field"]],
    ["another status", { status: "queued" }, ["status"]],
    [
      "total_sent not the leads sent",
      { totalSent: 7 },
      ["total_sent_mismatch", "counters_mismatch"],
    ],
    ["created_leads without index", { createdIndex: "omit" }, ["created_index_missing"]],
    ["created_leads at one index", { createdIndex: "duplicate" }, ["created_index_duplicate"]],
    [
      "created_leads outside the batch",
      { createdIndex: "out-of-range" },
      ["created_index_out_of_range"],
    ],
    ["created_leads tied to no lead", { createdIndex: "unmapped" }, ["created_index_out_of_range"]],
    ["a body that is not JSON", { nonJsonBody: "OK" }, ["not_json"]],
  ])(
    "accepts every batch despite %s, names it, never sends a batch twice",
    async (_name, deviations, kinds) => {
      const { fake, client } = await fakeWithClient({ deviations });
      const input = emailLeads(25);
      const report = await importLeads(client, campaign, input, { batchSize: 10, concurrency: 2 });
      expect(checkReportInvariant(report)).toEqual([]);
      expect(report.failed).toEqual([]);
      expect(report.sent).toBe(25);
      expect(report.batches).toMatchObject({ sent: 3, accepted: 3, retried: 0, replayed: 0 });
      expect(fake.state.requests).toBe(3);
      expect(fake.state.leads).toHaveLength(25);
      expect(new Set(report.anomalies.map((anomaly) => anomaly.kind))).toEqual(new Set(kinds));
      expect(new Set(report.anomalies.map((anomaly) => anomaly.indices[0]))).toEqual(
        new Set([0, 10, 20]),
      );
      // Every created lead is tied to the right input, or kept with its id: none dropped.
      for (const lead of report.created_leads) expect(lead.email).toBe(input[lead.index]?.email);
      const unmapped = report.anomalies.flatMap((anomaly) =>
        (anomaly.unmapped ?? []).map((entry) => entry.id),
      );
      const ids = [...report.created_leads.map((lead) => lead.id), ...unmapped];
      if (deviations.nonJsonBody === undefined) {
        expect(ids.sort()).toEqual(fake.state.leads.map((lead) => lead.id).sort());
      }
    },
  );
});

/** A server that accepts the first `accepting` requests and answers the rest with `refuse`. */
async function refusingAfter(
  accepting: number,
  refuse: (response: ServerResponse, received: Received) => void,
) {
  server = await startLoopback((received, response) => {
    if (received.number <= accepting) sendJson(response, 200, createdAll(received));
    else refuse(response, received);
  });
  return createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
}

const forbiddenJson = (response: ServerResponse) =>
  sendJson(response, 403, errorBody(403, "Forbidden", "Insufficient scope"));
const forbiddenHtml = (response: ServerResponse) => {
  response.writeHead(403, { "content-type": "text/html" });
  response.end("<html><head><title>403 Forbidden</title></head><body>Forbidden</body></html>");
};

describe("importLeads stops on what cannot succeed", () => {
  it.each([
    ["a 403 with the API's JSON body", forbiddenJson],
    ["a 403 HTML page from the API's edge", forbiddenHtml],
  ])("stops on %s and reads no more of the source", async (_name, refuse) => {
    const client = await refusingAfter(2, refuse);
    const { source, state } = countingSource(emailLeads(100_000));
    const report = await importLeads(client, { list_id: LIST_ID }, source, {
      batchSize: 100,
      concurrency: 2,
    });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.stopped).toEqual({ status: 403, message: expect.stringContaining("403") });
    expect(report.sent).toBe(200);
    expect(report.failed.every((failure) => failure.status === 403)).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(report.input_count + 1);
    expect(report.input_count).toBeLessThanOrEqual(600);
    expect(state.closed).toBe(true);
    // A stream's length is unknown: what was not read is not counted as failed either.
    expect(report.not_read).toBeNull();
    expect(server?.received.length).toBeLessThanOrEqual(4);
  });

  it("counts what it did not read of an array", async () => {
    const client = await refusingAfter(1, forbiddenHtml);
    const report = await importLeads(client, campaign, emailLeads(100_000), {
      batchSize: 100,
      concurrency: 1,
    });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.input_count).toBeLessThanOrEqual(300);
    expect(report.not_read).toBe(100_000 - report.input_count);
    expect(report.failed.flatMap((failure) => failure.indices)).toHaveLength(
      report.input_count - 100,
    );
  });

  it("stops a campaign import on a 200 saying the plan is full; the batch stays accepted", async () => {
    const client = await refusingAfter(1, (response, received) =>
      sendJson(response, 200, {
        ...createdAll(received),
        leads_uploaded: 0,
        remaining_in_plan: 0,
        created_leads: [],
      }),
    );
    const { source, state } = countingSource(emailLeads(10_000));
    const report = await importLeads(client, campaign, source, { batchSize: 100, concurrency: 1 });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.stopped).toEqual({ message: expect.stringContaining("the plan is full") });
    expect(report.batches).toMatchObject({ accepted: 2, failed: 0 });
    expect(report.sent).toBe(200);
    expect(report.anomalies).toEqual([
      {
        kind: "counters_mismatch",
        detail: "leads_uploaded 0 + skipped 0 != total_sent 100",
        indices: expect.arrayContaining([100, 199]),
      },
    ]);
    expect(state.pulled).toBeLessThanOrEqual(report.input_count + 1);
    expect(report.input_count).toBeLessThanOrEqual(300);
  });

  it("goes on with a list import whose answers have no remaining_in_plan", async () => {
    const { fake, client } = await fakeWithClient({ remainingInPlan: 0 });
    const report = await importLeads(client, { list_id: LIST_ID }, emailLeads(30), {
      batchSize: 10,
    });
    expect(report).toMatchObject({ stopped: null, not_read: 0, sent: 30, anomalies: [] });
    expect(fake.state.requests).toBe(3);
  });
});

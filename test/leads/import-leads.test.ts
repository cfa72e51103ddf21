import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { importLeads } from "../../src/leads/import-leads.js";
import type { ImportProgress } from "../../src/leads/import-report.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import type { BatchOutcome } from "../../src/leads/send-batch.js";
import { INTERRUPTED_MESSAGE } from "../../src/leads/maybe-applied.js";
import { InstantlyImportAbortedError, InstantlyValidationError } from "../../src/leads/errors.js";
import {
  countingSource,
  emailLeads,
  fakeWithClient,
  watchUnhandledRejections,
} from "./support/fake.js";
import {
  createdAll,
  errorBody,
  sendJson,
  startLoopback,
  type Loopback,
} from "../support/loopback.js";
import { CAMPAIGN_ID, LIST_ID, MAX_ITEMS, OTHER_ID } from "./support/spec-ids.js";

const campaign = { campaign_id: CAMPAIGN_ID };
const unhandled = watchUnhandledRejections();
afterAll(() => {
  unhandled.stop();
  expect(unhandled.list).toEqual([]);
});

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("importLeads", () => {
  it("sends consecutive valid leads in batches, sets invalid ones aside, maps created leads to input positions", async () => {
    const { fake, client } = await fakeWithClient();
    const leads: unknown[] = emailLeads(25);
    leads.splice(3, 0, { first_name: "no email" });
    leads.splice(10, 0, { email: "typo@x.example", emial: "x" });
    const report = await importLeads(client, campaign, leads, {
      batchSize: 10,
      skip_if_in_workspace: true,
    });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.rejected.map((r) => [r.index, r.issues.map((i) => i.field)])).toEqual([
      [3, ["email"]],
      [10, ["emial"]],
    ]);
    expect(report.batches).toEqual({
      sent: 3,
      accepted: 3,
      failed: 0,
      refused: 0,
      retried: 0,
      replayed: 0,
    });
    expect(report.totals).toMatchObject({ total_sent: 25, leads_uploaded: 25 });
    expect(report.created_leads).toHaveLength(25);
    for (const created of report.created_leads) {
      expect(created.email).toBe((leads[created.index] as { email: string }).email);
    }
    const ids = new Set(fake.state.leads.map((lead) => lead.id));
    expect(report.created_leads.every((created) => ids.has(created.id))).toBe(true);
    expect(report.remaining_in_plan).toBe(fake.state.remainingInPlan);
  });

  it("defaults batches to the spec's maxItems and reaches every request with the body options", async () => {
    server = await startLoopback((received, response) =>
      sendJson(response, 200, createdAll(received)),
    );
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const report = await importLeads(client, { list_id: LIST_ID }, emailLeads(MAX_ITEMS * 2 + 5), {
      skip_if_in_list: true,
      blocklist_id: OTHER_ID,
    });
    expect(report.batches.sent).toBe(3);
    expect(server.received.map((r) => r.body.leads.length).sort()).toEqual(
      [5, MAX_ITEMS, MAX_ITEMS].sort(),
    );
    for (const { body } of server.received) {
      expect(body).toMatchObject({
        list_id: LIST_ID,
        skip_if_in_list: true,
        blocklist_id: OTHER_ID,
      });
    }
  });

  it("rejects bad options before reading or sending anything", async () => {
    const { fake, client } = await fakeWithClient();
    const { source, state } = countingSource(emailLeads(10));
    await expect(
      importLeads(client, campaign, source, { batchSize: MAX_ITEMS + 1 }),
    ).rejects.toThrow(InstantlyValidationError);
    expect(state.pulled).toBe(0);
    expect(fake.state.requests).toBe(0);
  });

  it("keeps at most `concurrency` requests open", async () => {
    server = await startLoopback((received, response) => {
      setTimeout(() => sendJson(response, 200, createdAll(received)), 40);
    });
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const report = await importLeads(client, campaign, emailLeads(60), {
      batchSize: 5,
      concurrency: 3,
    });
    expect(report.batches.accepted).toBe(12);
    expect(server.maxOpen).toBe(3);
  });

  it("pulls from the source only as batches free up (backpressure)", async () => {
    const release: Array<() => void> = [];
    server = await startLoopback((received, response) => {
      release.push(() => sendJson(response, 200, createdAll(received)));
    });
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const { source, state } = countingSource(emailLeads(1000));
    const done = importLeads(client, campaign, source, { batchSize: 10, concurrency: 2 });
    await expect.poll(() => server?.received.length).toBe(2);
    expect(state.pulled).toBeLessThanOrEqual(3 * 10);
    // Answer everything from here on as it arrives.
    const answerAll = setInterval(() => release.splice(0).forEach((answer) => answer()), 1);
    const report = await done.finally(() => clearInterval(answerAll));
    expect(report.totals.total_sent).toBe(1000);
    expect(state.closed).toBe(true);
  });

  it("reads one batch ahead while every slot is busy, and never sends it after the abort", async () => {
    server = await startLoopback(() => {}); // holds every answer
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const { source, state } = countingSource(emailLeads(1000));
    const controller = new AbortController();
    const done = importLeads(client, campaign, source, {
      batchSize: 10,
      concurrency: 2,
      signal: controller.signal,
    });
    await expect.poll(() => server?.received.length).toBe(2);
    // The third batch is read (and serialized) while both slots are busy, and no more.
    await expect.poll(() => state.pulled).toBe(30);
    controller.abort();
    const error = await done.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InstantlyImportAbortedError);
    const { report } = error as InstantlyImportAbortedError;
    expect(checkReportInvariant(report)).toEqual([]);
    expect(server.received).toHaveLength(2);
    expect(report.batches.sent).toBe(2);
    expect(report.input_count).toBe(30);
    expect(report.failed.flatMap((failure) => failure.indices)).toHaveLength(30);
    // The two batches on the wire may have been applied; the one read ahead was never sent.
    expect(
      report.failed.map(({ indices, message, maybe_applied }) => [
        indices[0],
        message,
        maybe_applied,
      ]),
    ).toEqual([
      [0, INTERRUPTED_MESSAGE, true],
      [10, INTERRUPTED_MESSAGE, true],
      [20, "aborted", undefined],
    ]);
  });

  it("awaits onBatch before a batch counts as done, and reports progress after each batch", async () => {
    const { client } = await fakeWithClient();
    const events: string[] = [];
    const progress: ImportProgress[] = [];
    const outcomes: BatchOutcome[] = [];
    const leads = [...emailLeads(7), { first_name: "invalid" }];
    const report = await importLeads(client, campaign, leads, {
      batchSize: 3,
      concurrency: 1,
      onBatch: async (outcome) => {
        outcomes.push(outcome);
        events.push("batch");
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push("journaled");
      },
      onProgress: (p) => {
        progress.push(p);
        events.push(`progress ${p.done}`);
      },
    });
    expect(events).toEqual([
      "batch",
      "journaled",
      "progress 3",
      "batch",
      "journaled",
      "progress 6",
      "batch",
      "journaled",
      "progress 7",
      "progress 7",
    ]);
    expect(outcomes.map((o) => o.accepted && o.indices)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(progress.at(-1)).toEqual({
      read: 8,
      done: 7,
      rejected: 1,
      refused: 0,
      failed: 0,
      uploaded: 7,
      skipped: 0,
      total: 8,
      batches: report.batches,
      concurrency: 1,
      inFlight: 0,
    });
  });

  it("can leave created leads out of the report; onBatch still gets them", async () => {
    const { fake, client } = await fakeWithClient();
    const created: string[] = [];
    const report = await importLeads(client, campaign, emailLeads(30), {
      batchSize: 10,
      keepCreatedLeads: false,
      onBatch: (o) =>
        void (o.accepted && created.push(...o.response.created_leads.map((c) => c.id))),
    });
    expect(report.created_leads).toEqual([]);
    expect(report.totals.leads_uploaded).toBe(30);
    expect(created.sort()).toEqual(fake.state.leads.map((lead) => lead.id).sort());
  });

  it("reads any iterable; the total is known only for arrays", async () => {
    const { client } = await fakeWithClient();
    const seen: Array<number | undefined> = [];
    const report = await importLeads(client, campaign, new Set(emailLeads(5)), {
      onProgress: (p) => seen.push(p.total),
    });
    expect(report.totals.total_sent).toBe(5);
    expect(seen).toEqual([undefined, undefined]);
  });

  it("returns an empty report for an empty source without sending", async () => {
    const { fake, client } = await fakeWithClient();
    const report = await importLeads(client, campaign, []);
    expect(report).toMatchObject({ input_count: 0, created_leads: [], failed: [], rejected: [] });
    expect(fake.state.requests).toBe(0);
  });

  it("resends a batch refused with 400 in parts; a hint no part confirms refuses no lead", async () => {
    server = await startLoopback((received, response) =>
      received.number === 2
        ? sendJson(response, 400, errorBody(400, "Bad Request", "leads[0] is odd"))
        : sendJson(response, 200, createdAll(received)),
    );
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const report = await importLeads(client, campaign, emailLeads(9), {
      batchSize: 3,
      concurrency: 1,
    });
    expect(report.failed).toEqual([]);
    expect(report.refused).toEqual([]);
    expect(report.sent).toBe(9);
    // The hint names lead 0: it goes alone, the rest together.
    expect(server.received.slice(2).map((r) => r.body.leads.length)).toEqual([1, 2, 3]);
    expect(report.batches).toMatchObject({ sent: 5, accepted: 4, failed: 0, refused: 1 });
    expect(checkReportInvariant(report)).toEqual([]);
  });

  it("accepts a batch whose 200 is not JSON, with its anomaly: the server applied it", async () => {
    const { fake, client } = await fakeWithClient({
      faults: { 2: { kind: "non-json", status: 200, applied: true } },
    });
    const report = await importLeads(client, campaign, emailLeads(6), {
      batchSize: 2,
      concurrency: 1,
    });
    expect(report.failed).toEqual([]);
    expect(report.sent).toBe(6);
    expect(report.totals.total_sent).toBe(4);
    expect(report.anomalies).toEqual([
      { indices: [2, 3], kind: "not_json", detail: expect.any(String) },
    ]);
    expect(fake.state.requests).toBe(3);
    expect(fake.state.leads).toHaveLength(6);
    expect(checkReportInvariant(report)).toEqual([]);
  });

  it("rethrows an error of the source once the batches in flight have settled", async () => {
    const { fake, client } = await fakeWithClient({ latencyMs: 20 });
    async function* failing() {
      yield* emailLeads(5);
      throw new Error("row 6: unclosed quote");
    }
    const outcomes: BatchOutcome[] = [];
    await expect(
      importLeads(client, campaign, failing(), {
        batchSize: 2,
        onBatch: (o) => void outcomes.push(o),
      }),
    ).rejects.toThrow("row 6: unclosed quote");
    expect(outcomes).toHaveLength(2);
    expect(fake.state.requests).toBe(2);
  });

  it("rethrows an error of onBatch and stops reading", async () => {
    const { client } = await fakeWithClient();
    const { source, state } = countingSource(emailLeads(100));
    await expect(
      importLeads(client, campaign, source, {
        batchSize: 10,
        concurrency: 1,
        onBatch: () => Promise.reject(new Error("journal disk full")),
      }),
    ).rejects.toThrow("journal disk full");
    expect(state.pulled).toBeLessThanOrEqual(21);
    expect(state.closed).toBe(true);
  });
});

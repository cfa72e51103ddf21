import { afterAll, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { InstantlyAbortError } from "../../src/client/errors.js";
import { InstantlyImportAbortedError } from "../../src/leads/errors.js";
import { importLeads } from "../../src/leads/import-leads.js";
import type { ImportProgress, ImportReport } from "../../src/leads/import-report.js";
import { INTERRUPTED_MESSAGE } from "../../src/leads/maybe-applied.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import { RESPONSE_COUNTERS } from "../../src/leads/response.js";
import type { BatchOutcome } from "../../src/leads/send-batch.js";
import { validateLead } from "../../src/leads/validate.js";
import { generateLeads } from "../../src/testing/index.js";
import type { FakeFault } from "../../src/testing/fake-instantly.js";
import { accountAgainstFake, batchKey, recordingFaults } from "./support/fake-accounting.js";
import {
  countingSource,
  emailLeads,
  fakeWithClient,
  watchUnhandledRejections,
} from "./support/fake.js";
import { CAMPAIGN_ID, LIST_ID, MAX_ITEMS, OTHER_ID } from "./support/spec-ids.js";

const campaign = { campaign_id: CAMPAIGN_ID };
const MAX_RETRIES = 2;
const unhandled = watchUnhandledRejections();
afterAll(() => {
  unhandled.stop();
  expect(unhandled.list).toEqual([]);
});

/** A lead as read from a file: maybe valid, maybe not. */
type AnyLead = Record<string, unknown> & { email?: string | null };

/** Typical leads with invalid, duplicate and blocklisted ones, plus a few that break the schema. */
function mixedLeads(count: number): AnyLead[] {
  const leads: AnyLead[] = [
    ...generateLeads(count, {
      seed: 7,
      invalidEmailRate: 0.03,
      duplicateRate: 0.03,
      blockedRate: 0.03,
    }),
  ];
  for (let i = 100; i < count; i += 997) leads[i] = { ...leads[i], emial: "typo" };
  for (let i = 200; i < count; i += 1499) leads[i] = { ...leads[i], phone: 5 };
  return leads;
}

/** Every kind of trouble, cycling by request number, and a burst of 429s. */
function troubleSchedule(requestNumber: number): FakeFault | undefined {
  if (requestNumber >= 40 && requestNumber < 48) return { kind: "rate-limit", retryAfter: 0 };
  const cycle: Array<FakeFault | undefined> = [
    { kind: "rate-limit", retryAfter: 0 },
    { kind: "rate-limit", retryAfter: "none" },
    { kind: "status", status: 503 },
    { kind: "status", status: 500, applied: true },
    { kind: "reset-before" },
    { kind: "reset-after" },
    { kind: "delay", ms: 1_000 },
    { kind: "delay", ms: 1_000, applied: true },
    { kind: "non-json" },
    { kind: "non-json", status: 502, applied: true },
  ];
  return requestNumber % 2 === 0 ? cycle[(requestNumber / 2) % cycle.length] : undefined;
}

async function runImport(
  leads: readonly AnyLead[],
  schedule: (requestNumber: number) => FakeFault | undefined,
  options: { timeoutMs: number; batchSize: number },
) {
  const { faults, requests } = recordingFaults(schedule);
  const { fake, client } = await fakeWithClient(
    { faults, latencyMs: 2, blocklist: ["blocked.example"] },
    { timeoutMs: options.timeoutMs, maxRetries: MAX_RETRIES },
  );
  const outcomes: BatchOutcome[] = [];
  const report = await importLeads(client, campaign, leads, {
    batchSize: options.batchSize,
    // Fixed: every other request fails here, which holds an adaptive concurrency near 1 (tested
    // in adaptive-concurrency.test.ts) and this test at several times its time.
    concurrency: 4,
    // The attempt bound below is the client's maxRetries; outlasting 429s is tested in throttling.test.ts.
    rateLimitPatienceMs: 0,
    onBatch: (outcome) => void outcomes.push(outcome),
  });
  // A delayed answer is logged only when the fake gives up on it, after the import has moved on.
  await expect.poll(() => fake.state.log.length, { timeout: 5_000 }).toBe(fake.state.requests);
  const accounting = accountAgainstFake(fake, leads, report, outcomes, requests);
  return { fake, report, outcomes, accounting };
}

function expectSoundReport(report: ImportReport, leads: readonly unknown[]) {
  expect(checkReportInvariant(report)).toEqual([]);
  expect(report.input_count).toBe(leads.length);
  const invalid = leads.flatMap((lead, index) =>
    validateLead(campaign, lead, index).length ? [index] : [],
  );
  expect(report.rejected.map((r) => r.index)).toEqual(invalid);
}

describe("importLeads against a failing server", () => {
  it("accounts for all 20,000 leads through 429 bursts, 5xx, resets, timeouts and non-JSON answers", async () => {
    const leads = mixedLeads(20_000);
    const { report, outcomes, accounting } = await runImport(leads, troubleSchedule, {
      timeoutMs: 300,
      batchSize: 200,
    });
    expectSoundReport(report, leads);
    expect(accounting.problems).toEqual([]);
    expect(Math.max(...[...accounting.attempts.values()].map((a) => a.length))).toBeLessThanOrEqual(
      MAX_RETRIES + 1,
    );
    expect(report.batches.retried).toBeGreaterThan(0);
    expect(report.failed.length).toBeGreaterThan(0);
    expect(report.totals).toMatchObject({
      in_blocklist: expect.any(Number),
      duplicate_email_count: expect.any(Number),
    });
    expect(
      report.totals.in_blocklist *
        report.totals.duplicate_email_count *
        report.totals.invalid_email_count,
    ).toBeGreaterThan(0);
    // A lost attempt that was followed by another one is a replay, and the report says so.
    const replayedKeys = new Set(
      [...accounting.attempts]
        .filter(([, numbers]) => numbers.slice(0, -1).some((n) => accounting.lostApplied.has(n)))
        .map(([key]) => key),
    );
    expect(report.batches.replayed).toBeGreaterThanOrEqual(replayedKeys.size);
    for (const outcome of outcomes) {
      if (outcome.accepted) continue;
      const key = batchKey(outcome.failure.indices.map((index) => leads[index]?.email));
      if (replayedKeys.has(key)) expect(outcome.failure.replayed).toBe(true);
    }
  });

  it("matches the fake's totals and leads exactly when no attempt is applied and lost", async () => {
    const leads = mixedLeads(20_000);
    const harmless = (n: number): FakeFault | undefined =>
      [
        { kind: "rate-limit", retryAfter: 0 } as const,
        { kind: "rate-limit", retryAfter: "none" } as const,
        { kind: "status", status: 502 } as const,
        { kind: "reset-before" } as const,
        { kind: "delay", ms: 2_500 } as const,
        { kind: "non-json", status: 503 } as const,
      ][n % 12];
    const { fake, report, accounting } = await runImport(leads, harmless, {
      timeoutMs: 2_000,
      batchSize: 500,
    });
    expectSoundReport(report, leads);
    expect(accounting.problems).toEqual([]);
    expect(accounting.lostApplied.size).toBe(0);
    expect(report.totals).toEqual(fake.state.totals);
    // A 502 or a reset may have been applied for all the client knows: its batch is replayed and
    // its duplicates looked up; a repeated email of an earlier batch is found that way too.
    const answered = report.created_leads.filter((lead) => lead.recovered !== true);
    expect(answered.map((lead) => lead.id).sort()).toEqual(
      fake.state.leads.map((lead) => lead.id).sort(),
    );
  });

  it("never replays a list batch with a lead without email: a 5xx fails it after one attempt", async () => {
    const { fake, client } = await fakeWithClient({
      faults: { 1: { kind: "status", status: 503 } },
    });
    const leads = [{ first_name: "Ada" }, { email: "b@x.example" }];
    const report = await importLeads(client, { list_id: LIST_ID }, leads);
    expect(report.failed).toEqual([
      {
        indices: [0, 1],
        status: 503,
        message: expect.stringContaining("503"),
        replayed: false,
        maybe_applied: true,
      },
    ]);
    expect(fake.state.requests).toBe(1);
  });

  it("replays a list batch in which every lead has an email, and marks it replayed", async () => {
    const { fake, client } = await fakeWithClient({
      faults: { 1: { kind: "status", status: 500, applied: true } },
    });
    const report = await importLeads(client, { list_id: LIST_ID }, emailLeads(3));
    expect(report.batches).toMatchObject({ accepted: 1, replayed: 1 });
    expect(report.totals).toMatchObject({ total_sent: 3, duplicated_leads: 3, leads_uploaded: 0 });
    expect(fake.state.requests).toBe(2);
  });

  it("stops on a 401 halfway and stops reading the source: the rest is not read, not failed", async () => {
    let calls = 0;
    const { fake, client } = await fakeWithClient(
      {},
      {
        // The key is revoked after the 4th request.
        fetch: (request) => {
          calls++;
          if (calls <= 4) return fetch(request);
          const headers = new Headers(request.headers);
          headers.set("authorization", "Bearer revoked-key");
          return fetch(new Request(request, { headers }));
        },
      },
    );
    const { source, state } = countingSource(emailLeads(3_000));
    const report = await importLeads(client, campaign, source, { batchSize: 100, concurrency: 2 });
    expect(checkReportInvariant(report)).toEqual([]);
    // 4 batches accepted, then at most the 2 in flight and 1 being read, and one lead pulled ahead.
    expect(report.input_count).toBeLessThanOrEqual(700);
    expect(state.pulled).toBeLessThanOrEqual(701);
    expect(state.closed).toBe(true);
    expect(report.not_read).toBeNull();
    expect(report.stopped).toEqual({ status: 401, message: expect.stringContaining("401") });
    expect(report.sent).toBe(400);
    expect(report.totals.total_sent).toBe(400);
    expect(fake.state.requests).toBeLessThanOrEqual(4 + 2);
    const statuses = new Set(report.failed.map((failure) => failure.status));
    expect(statuses).toEqual(new Set([401]));
    expect(report.failed.flatMap((f) => f.indices)).toHaveLength(report.input_count - 400);
    const printed = JSON.stringify(report);
    expect(printed).not.toContain(fake.apiKey);
    expect(printed).not.toContain("revoked-key");
  });

  it("stops on a 404 for an unknown campaign without sending more than the first wave", async () => {
    const { fake, client } = await fakeWithClient({ campaigns: [OTHER_ID] });
    const report = await importLeads(client, campaign, emailLeads(2_000), {
      batchSize: 100,
      concurrency: 3,
    });
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.totals.total_sent).toBe(0);
    expect(report.failed.flatMap((f) => f.indices)).toHaveLength(report.input_count);
    expect(report.input_count).toBeLessThanOrEqual(400);
    expect(report.not_read).toBe(2_000 - report.input_count);
    expect(report.failed.every((f) => f.status === 404)).toBe(true);
    expect(fake.state.requests).toBeLessThanOrEqual(3);
  });

  it("aborts halfway: rejects with a report of every lead read, and reads and sends nothing more", async () => {
    const controller = new AbortController();
    let sentAfterAbort = 0;
    const { client } = await fakeWithClient(
      { latencyMs: 5 },
      {
        fetch: (request) => {
          if (controller.signal.aborted) sentAfterAbort++;
          return fetch(request);
        },
      },
    );
    const { source, state } = countingSource(emailLeads(10_000));
    const error = await importLeads(client, campaign, source, {
      batchSize: 100,
      signal: controller.signal,
      onProgress: (p) => p.done >= 3_000 && controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstantlyAbortError);
    expect(error).toBeInstanceOf(InstantlyImportAbortedError);
    const { report } = error as InstantlyImportAbortedError;
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.input_count).toBeLessThan(10_000);
    expect(report.totals.total_sent).toBeGreaterThanOrEqual(3_000);
    expect(state.pulled).toBeLessThanOrEqual(report.input_count + 1);
    // Batches cut on the wire may have been applied; the others were never sent.
    expect(
      report.failed.every((f) =>
        f.maybe_applied === true ? f.message === INTERRUPTED_MESSAGE : f.message === "aborted",
      ),
    ).toBe(true);
    expect(sentAfterAbort).toBe(0);
    expect(state.closed).toBe(true);
  });

  it("aborts while the source is stalled, failing the leads read but not yet sent", async () => {
    const { fake, client } = await fakeWithClient();
    const controller = new AbortController();
    async function* stalling() {
      yield* emailLeads(5);
      await new Promise(() => {});
    }
    setTimeout(() => controller.abort(), 50);
    const error = (await importLeads(client, campaign, stalling(), {
      signal: controller.signal,
    }).catch((e: unknown) => e)) as InstantlyImportAbortedError;
    expect(error).toBeInstanceOf(InstantlyAbortError);
    expect(error.report.failed).toEqual([
      { indices: [0, 1, 2, 3, 4], message: "aborted", replayed: false, not_sent: true },
    ]);
    expect(fake.state.requests).toBe(0);
  });

  // An instant fetch lets a callback abort while the next batch is being read: the leads of a
  // batch formed in that moment were counted as read and then dropped from the report.
  it.each([
    ["an array, batches of 1, 16 at once, onBatch", "array", 1, 16, "onBatch"],
    ["an array, batches of 5, 16 at once, onProgress", "array", 5, 16, "onProgress"],
    ["an async generator, batches of 1, 4 at once, onBatch", "async", 1, 4, "onBatch"],
    ["an async generator, batches of 1, 4 at once, onProgress", "async", 1, 4, "onProgress"],
  ] as const)(
    "accounts for every lead read when a callback aborts mid-read: %s",
    async (_name, kind, batchSize, concurrency, hook) => {
      const fetch = async (request: Request) => {
        const { leads } = (await request.json()) as { leads: unknown[] };
        return Response.json({
          status: "success",
          ...Object.fromEntries(RESPONSE_COUNTERS.map((name) => [name, 0])),
          total_sent: leads.length,
          remaining_in_plan: null,
          created_leads: [],
        });
      };
      const client = createInstantlyClient({ apiKey: "k", rateLimit: false, fetch });
      const controller = new AbortController();
      let settled = 0;
      const abortAfterThree = () => void (++settled === 3 && controller.abort());
      const leads = emailLeads(500);
      const error = (await importLeads(
        client,
        campaign,
        kind === "array" ? leads : countingSource(leads).source,
        { batchSize, concurrency, signal: controller.signal, [hook]: abortAfterThree },
      ).catch((e: unknown) => e)) as InstantlyImportAbortedError;
      expect(error).toBeInstanceOf(InstantlyAbortError);
      expect(checkReportInvariant(error.report)).toEqual([]);
    },
  );

  it("rejects at once when the signal is already aborted", async () => {
    const { fake, client } = await fakeWithClient();
    const { source, state } = countingSource(emailLeads(10));
    const error = (await importLeads(client, campaign, source, {
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e)) as InstantlyImportAbortedError;
    expect(error).toBeInstanceOf(InstantlyAbortError);
    expect(error.report.input_count).toBe(0);
    expect(state.pulled).toBe(0);
    expect(fake.state.requests).toBe(0);
  });

  it.each([
    ["batches of 1, one at a time, from an array", 300, 1, 1, "array"],
    ["odd batches, 3 at once, from an async generator", 2_500, 37, 3, "async"],
    ["full batches, 8 at once, from a sync generator", 2_500 + MAX_ITEMS, MAX_ITEMS, 8, "sync"],
  ] as const)("imports with %s", async (_name, count, batchSize, concurrency, kind) => {
    const { fake, client } = await fakeWithClient({ blocklist: ["blocked.example"] });
    const leads = mixedLeads(count);
    const source =
      kind === "array" ? leads : kind === "sync" ? leads.values() : countingSource(leads).source;
    const progress: ImportProgress[] = [];
    const report = await importLeads(client, campaign, source, {
      batchSize,
      concurrency,
      onProgress: (p) => progress.push(p),
    });
    expectSoundReport(report, leads);
    expect(report.totals).toEqual(fake.state.totals);
    expect(report.created_leads).toHaveLength(fake.state.leads.length);
    expect(progress.at(-1)?.total).toBe(kind === "array" ? leads.length : undefined);
    expect(progress.at(-1)?.done).toBe(report.totals.total_sent);
  });
});

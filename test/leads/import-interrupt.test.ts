import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { InstantlyImportAbortedError } from "../../src/leads/errors.js";
import { importLeads } from "../../src/leads/import-leads.js";
import type { ImportProgress } from "../../src/leads/import-report.js";
import { checkReportInvariant } from "../../src/leads/import-report-invariant.js";
import type { LeadOutcome } from "../../src/leads/lead-outcome.js";
import { INTERRUPTED_MESSAGE, WITHHELD_MESSAGE } from "../../src/leads/maybe-applied.js";
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
  type Received,
} from "../support/loopback.js";
import { CAMPAIGN_ID, LIST_ID } from "./support/spec-ids.js";

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

/** A loopback server that holds every request until the test answers it. */
async function holdingServer() {
  const held: Array<{ received: Received; response: ServerResponse }> = [];
  server = await startLoopback((received, response) => held.push({ received, response }));
  const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
  return { server, held, client };
}

/** Imports 100 leads, 10 a batch, 2 in flight, and aborts once both requests are on the wire. */
async function abortWithTwoInFlight(
  client: ReturnType<typeof createInstantlyClient>,
  loopback: Loopback,
  abortGraceMs: number,
) {
  const controller = new AbortController();
  const outcomes: LeadOutcome[] = [];
  const progress: ImportProgress[] = [];
  const { source } = countingSource(emailLeads(100));
  const done = importLeads(client, campaign, source, {
    batchSize: 10,
    concurrency: 2,
    signal: controller.signal,
    abortGraceMs,
    onOutcome: (settled) => outcomes.push(...settled),
    onProgress: (p) => progress.push(p),
  }).catch((error: unknown) => error);
  await expect.poll(() => loopback.received.length).toBe(2);
  // The read-ahead batch is formed while both slots are busy.
  await sleep(50);
  const abortedAt = performance.now();
  controller.abort();
  return { done, outcomes, progress, abortedAt };
}

describe("importLeads on abort with abortGraceMs", () => {
  it("accepts an answer that arrives within the grace, and reads and sends nothing more", async () => {
    const { server, held, client } = await holdingServer();
    const run = await abortWithTwoInFlight(client, server, 5_000);
    // Told at once what is still in flight.
    expect(run.progress.at(-1)?.inFlight).toBe(2);
    await sleep(100);
    for (const { received, response } of held) sendJson(response, 200, createdAll(received));
    const error = await run.done;
    expect(error).toBeInstanceOf(InstantlyImportAbortedError);
    const { report } = error as InstantlyImportAbortedError;
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.batches).toMatchObject({ sent: 2, accepted: 2, failed: 0 });
    expect(report.created_leads.map((lead) => lead.index)).toEqual([...Array(20).keys()]);
    expect(report.failed).toEqual([
      {
        indices: [...Array(10).keys()].map((n) => n + 20),
        message: "aborted",
        replayed: false,
        not_sent: true,
      },
    ]);
    expect(run.outcomes.filter((o) => o.status === "created")).toHaveLength(20);
    await sleep(100);
    expect(server.received).toHaveLength(2);
  });

  it("cancels a request still unanswered when the grace ends, its batch failed as maybe applied", async () => {
    const { server, client } = await holdingServer();
    const run = await abortWithTwoInFlight(client, server, 300);
    const error = await run.done;
    expect(performance.now() - run.abortedAt).toBeGreaterThanOrEqual(290);
    const { report } = error as InstantlyImportAbortedError;
    expect(checkReportInvariant(report)).toEqual([]);
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
    const first = run.outcomes.find((outcome) => outcome.index === 0);
    expect(first).toEqual({
      index: 0,
      status: "failed",
      message: INTERRUPTED_MESSAGE,
      maybe_applied: true,
    });
    expect(server.received).toHaveLength(2);
  });

  it("starts no retry and no isolation part after the abort, even within the grace", async () => {
    const { server, held, client } = await holdingServer();
    const run = await abortWithTwoInFlight(client, server, 5_000);
    // A 503 would be replayed (a campaign batch), a 400 split: neither happens after the abort.
    sendJson(held[0]!.response, 503, errorBody(503, "Service Unavailable"));
    sendJson(
      held[1]!.response,
      400,
      errorBody(400, "Bad Request", "body/leads/3/email is not valid"),
    );
    const error = await run.done;
    const { report } = error as InstantlyImportAbortedError;
    expect(checkReportInvariant(report)).toEqual([]);
    await sleep(700);
    expect(server.received).toHaveLength(2);
    const failed = new Map(report.failed.map((failure) => [failure.indices[0], failure]));
    // The 503 may have been applied; the 400 applied nothing and its parts were never sent.
    expect(failed.get(0)).toEqual({
      indices: [...Array(10).keys()],
      message: "aborted; the server may have applied these leads",
      replayed: false,
      maybe_applied: true,
    });
    expect(failed.get(10)).toMatchObject({ message: "aborted" });
    expect(failed.get(10)).not.toHaveProperty("maybe_applied");
    expect(report.refused).toEqual([]);
  });
});

describe("importLeads with maybeApplied entries", () => {
  it("sends them again and recovers the ids of those the server already held", async () => {
    const { fake, client } = await fakeWithClient();
    const leads = emailLeads(6);
    // An earlier, interrupted run: the server applied leads 0-3, their answer never came.
    const earlier = await importLeads(client, campaign, leads.slice(0, 4));
    const ids = new Map(earlier.created_leads.map((lead) => [lead.email, lead.id]));
    // Hours ago: when the earlier attempt was sent is not known, so its age does not count.
    for (const lead of fake.state.leads)
      lead.createdAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const outcomes: LeadOutcome<string>[] = [];
    const report = await importLeads(
      client,
      campaign,
      leads.map((lead, n) => ({ lead, ref: `row-${n}`, maybeApplied: n < 4 })),
      { onOutcome: (settled) => outcomes.push(...settled) },
    );
    expect(checkReportInvariant(report)).toEqual([]);
    expect(
      report.created_leads.map(({ index, ref, recovered }) => [index, ref, recovered]),
    ).toEqual([
      [0, "row-0", true],
      [1, "row-1", true],
      [2, "row-2", true],
      [3, "row-3", true],
      [4, "row-4", undefined],
      [5, "row-5", undefined],
    ]);
    for (const lead of report.created_leads.slice(0, 4)) expect(lead.id).toBe(ids.get(lead.email));
    expect(report.unresolved).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status === "recovered")).toHaveLength(4);
    expect(fake.state.leads).toHaveLength(6);
  });

  it("never sends again one the server cannot de-duplicate (a list lead without email)", async () => {
    const { fake, client } = await fakeWithClient();
    const outcomes: LeadOutcome<string>[] = [];
    const report = await importLeads(
      client,
      { list_id: LIST_ID },
      [
        { lead: { first_name: "NoEmail" }, ref: "a", maybeApplied: true },
        { lead: { email: "b@x.example" }, ref: "b", maybeApplied: true },
        { lead: { first_name: "Fresh" }, ref: "c" },
      ],
      { onOutcome: (settled) => outcomes.push(...settled) },
    );
    expect(checkReportInvariant(report)).toEqual([]);
    expect(report.failed).toEqual([
      {
        indices: [0],
        refs: ["a"],
        message: WITHHELD_MESSAGE,
        replayed: false,
        maybe_applied: true,
      },
    ]);
    expect(report.batches.failed).toBe(0);
    expect(report.created_leads.map((lead) => lead.ref)).toEqual(["b", "c"]);
    expect(fake.state.leads.map((lead) => lead.first_name ?? lead.email)).toEqual([
      "b@x.example",
      "Fresh",
    ]);
    expect(outcomes.find((outcome) => outcome.ref === "a")).toEqual({
      index: 0,
      ref: "a",
      status: "failed",
      message: WITHHELD_MESSAGE,
      maybe_applied: true,
    });
  });
});

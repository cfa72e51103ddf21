import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { createSpool, type CreatedSpool } from "../../src/cli/created-spool.js";
import { EXIT } from "../../src/cli/errors.js";
import { importRows, type ImportRowsContext } from "../../src/cli/import-rows.js";
import type { InputRow } from "../../src/cli/input/input-row.js";
import { CliReportBuilder } from "../../src/cli/cli-report.js";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import {
  createdAll,
  errorBody,
  sendJson,
  startLoopback,
  type Loopback,
  type Received,
} from "../support/loopback.js";
import { CAMPAIGN } from "./support/run-cli.js";

const target = { campaign_id: CAMPAIGN };
let server: Loopback | undefined;
let spool: CreatedSpool | undefined;
let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await server?.close();
  server = undefined;
  await spool?.dispose();
  spool = undefined;
});

/** `count` lazily made rows (row `unparsable` has an issue instead of a lead), counting reads. */
function inputRows(count: number, unparsable = -1) {
  const state = { pulled: 0 };
  async function* rows(): AsyncGenerator<InputRow> {
    for (let index = 0; index < count; index += 1) {
      state.pulled += 1;
      const row = `lead${index}@x.example`;
      if (index === unparsable) {
        yield { ref: { index, line: index + 2, row }, issue: { field: "", message: "unparsable" } };
      } else yield { ref: { index, line: index + 2, row }, lead: { email: row } };
    }
  }
  return { rows: rows(), state };
}

function contextFor(
  url: string,
  rows: AsyncIterable<InputRow>,
  options: ImportRowsContext["options"],
): ImportRowsContext {
  return {
    client: createInstantlyClient({ apiKey: "k", baseUrl: url, rateLimit: false, maxRetries: 0 }),
    target,
    options,
    rows,
    builder: new CliReportBuilder(
      { input: { source: "rows", format: "csv" }, target, dry_run: false },
      undefined,
      (text) => text,
    ),
    journal: undefined,
    spool,
    onInputEnd: () => {},
    results: undefined,
    listUnread: false,
  };
}

describe("importRows", () => {
  it("keeps the pipeline full over the whole input: a held batch does not stop the later ones", async () => {
    const batches = 25;
    let receivedWhenReleased = 0;
    let releaseFirst = () => {};
    // Answered once every other batch has arrived; the timer only turns a stall into a failure.
    const fallback = setTimeout(() => releaseFirst(), 10_000);
    server = await startLoopback((received, response) => {
      const answer = () => sendJson(response, 200, createdAll(received));
      if (received.number === 1) {
        releaseFirst = () => {
          releaseFirst = () => {};
          receivedWhenReleased = server?.received.length ?? 0;
          answer();
        };
      } else answer();
      if (server?.received.length === batches) releaseFirst();
    });
    spool = await createSpool();
    const { rows } = inputRows(batches + 1, 3);
    const context = contextFor(server.url, rows, { batchSize: 1, concurrency: 2 });
    const stop = await importRows(context).finally(() => clearTimeout(fallback));
    expect(stop).toBeNull();
    expect(receivedWhenReleased).toBe(batches);
    const report = context.builder.report(null);
    expect(report).toMatchObject({ input_count: batches + 1, failed: [] });
    expect(report.totals.total_sent).toBe(batches);
    expect(report.rejected.map(({ index, line }) => ({ index, line }))).toEqual([
      { index: 3, line: 5 },
    ]);
    expect(context.builder.problems()).toEqual([]);
    const created: number[] = [];
    for await (const lead of spool.read()) created.push(lead.index);
    const expected = Array.from({ length: batches + 1 }, (_, index) => index);
    expect(created.sort((a, b) => a - b)).toEqual(expected.filter((index) => index !== 3));
  });

  it.each([
    [401, "Unauthorized"],
    [402, "Payment Required"],
    [403, "Forbidden"],
    [404, "Not Found"],
  ])(
    "stops reading the input on a %i, which every later batch would get too",
    async (status, error) => {
      server = await startLoopback((_received, response) =>
        sendJson(response, status, errorBody(status, error)),
      );
      const { rows, state } = inputRows(100_000);
      const context = contextFor(server.url, rows, { batchSize: 10, concurrency: 2 });
      const stop = await importRows(context);
      expect(stop).toEqual({
        reason: expect.stringMatching(/^the API refused the import: .*\b\d{3}\b/),
        exitCode: EXIT.usage,
      });
      expect(state.pulled).toBeLessThan(100);
      const report = context.builder.report(stop?.reason ?? null);
      expect(report.input_count).toBe(state.pulled);
      expect(report.failed.every((failure) => failure.status === status)).toBe(true);
      expect(context.builder.problems()).toEqual([]);
    },
  );

  it.each([
    [
      "a 403 HTML page of the API's edge",
      (response: ServerResponse) => {
        response.writeHead(403, { "content-type": "text/html" });
        response.end("<html><body><h1>403 Forbidden</h1></body></html>");
      },
      /^the API refused the import: .*403/,
    ],
    [
      "a 200 saying the campaign's plan is full",
      (response: ServerResponse, received: Received) =>
        sendJson(response, 200, {
          ...createdAll(received),
          leads_uploaded: 0,
          remaining_in_plan: 0,
          created_leads: [],
        }),
      /^the API refused the import: the plan is full/,
    ],
  ])("stops reading the input on %s, exit 2", async (_name, answer, reason) => {
    server = await startLoopback((received, response) => answer(response, received));
    const { rows, state } = inputRows(100_000);
    const context = contextFor(server.url, rows, { batchSize: 10, concurrency: 2 });
    const stop = await importRows(context);
    expect(stop).toEqual({ reason: expect.stringMatching(reason), exitCode: EXIT.usage });
    expect(state.pulled).toBeLessThan(100);
    expect(context.builder.problems()).toEqual([]);
  });

  it("keeps the anomalies of accepted batches with their input rows, and counts rows itself", async () => {
    server = await startLoopback((received, response) =>
      sendJson(response, 200, { ...createdAll(received), total_sent: 10 }),
    );
    const { rows } = inputRows(15);
    const context = contextFor(server.url, rows, { batchSize: 10, concurrency: 1 });
    expect(await importRows(context)).toBeNull();
    const report = context.builder.report(null);
    expect(report.anomalies).toEqual([
      {
        indices: [10, 11, 12, 13, 14],
        kind: "total_sent_mismatch",
        detail: "total_sent 10 for 5 leads sent",
      },
      {
        indices: [10, 11, 12, 13, 14],
        kind: "counters_mismatch",
        detail: "leads_uploaded 5 + skipped 0 != total_sent 10",
      },
    ]);
    expect(report.failed).toEqual([]);
    expect(report.totals.total_sent).toBe(20);
    expect(context.builder.problems()).toEqual([]);
  });

  it("says interrupted on abort, and accounts for every row read", async () => {
    const controller = new AbortController();
    server = await startLoopback((received, response) => {
      controller.abort();
      sendJson(response, 200, createdAll(received));
    });
    const { rows, state } = inputRows(1000);
    const context = contextFor(server.url, rows, {
      batchSize: 10,
      concurrency: 2,
      signal: controller.signal,
    });
    const stop = await importRows(context);
    expect(stop).toEqual({ reason: "interrupted", exitCode: EXIT.interrupted });
    expect(state.pulled).toBeLessThan(1000);
    expect(context.builder.report(null).input_count).toBeGreaterThan(0);
    expect(context.builder.problems()).toEqual([]);
  });

  it("reports rows from the refs of their leads: created, recovered, existing, rejected and failed", async () => {
    fake = await startFakeInstantly({
      rateLimit: false,
      // After the setup request: the second batch is applied and its answer lost, the fourth is
      // refused for good.
      faults: { 3: { kind: "reset-after" }, 6: { kind: "status", status: 409 } },
    });
    const client = createInstantlyClient({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      rateLimit: false,
    });
    // Rows 3 and 4 are already in the campaign.
    await client.POST("/api/v2/leads/add", {
      body: {
        campaign_id: CAMPAIGN,
        leads: [{ email: "lead3@x.example" }, { email: "lead4@x.example" }],
      },
    });
    spool = await createSpool();
    const { rows } = inputRows(16, 1);
    const context = {
      ...contextFor(fake.url, rows, { batchSize: 4, concurrency: 1, resolveExisting: true }),
      client,
    };
    const stop = await importRows(context);
    expect(stop).toBeNull();
    const report = context.builder.report(null);
    expect(context.builder.problems()).toEqual([]);
    expect(report.input_count).toBe(16);
    // Row 1 is unparsable: importLeads' positions are shifted by one, the report's rows are not.
    expect(report.rejected.map((row) => [row.index, row.line])).toEqual([[1, 3]]);
    expect(report.existing_leads.map((row) => [row.index, row.line, row.email])).toEqual([
      [3, 5, "lead3@x.example"],
      [4, 6, "lead4@x.example"],
    ]);
    expect(report.failed.map((failure) => [failure.status, failure.indices])).toEqual([
      [409, [13, 14, 15]],
    ]);
    expect(report.failed[0]?.rows.map((row) => row.line)).toEqual([15, 16, 17]);
    expect(report.failed[0]).not.toHaveProperty("refs");
    expect(report.unresolved).toEqual([]);
    expect(report.lookups).toBe(2);
    const created = new Map<number, { id: string; email?: string | null; recovered?: true }>();
    for await (const lead of spool.read()) created.set(lead.index, lead);
    expect([...created.keys()].sort((a, b) => a - b)).toEqual([0, 2, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect([...created].filter(([, lead]) => lead.recovered).map(([index]) => index)).toEqual([
      5, 6, 7, 8,
    ]);
    const held = new Map(fake.state.leads.map((lead) => [lead.email, lead.id]));
    for (const [index, lead] of created) {
      expect(lead.email).toBe(`lead${index}@x.example`);
      expect(lead.id).toBe(held.get(lead.email ?? ""));
    }
  });
});

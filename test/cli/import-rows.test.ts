import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { createSpool, type CreatedSpool } from "../../src/cli/created-spool.js";
import { EXIT } from "../../src/cli/exit-codes.js";
import { importRows, type ImportRowsContext } from "../../src/cli/import-rows.js";
import type { InputRow } from "../../src/cli/input-row.js";
import { CliReportBuilder } from "../../src/cli/report.js";
import {
  createdAll,
  errorBody,
  sendJson,
  startLoopback,
  type Loopback,
} from "../leads/support/loopback.js";
import { CAMPAIGN } from "./support/run-cli.js";

const target = { campaign_id: CAMPAIGN };
let server: Loopback | undefined;
let spool: CreatedSpool | undefined;
afterEach(async () => {
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
        yield { index, line: index + 2, row, issue: { field: "", message: "unparsable" } };
      } else yield { index, line: index + 2, row, lead: { email: row } };
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
    expect(stop).toEqual({ reason: "interrupted", exitCode: EXIT.incomplete });
    expect(state.pulled).toBeLessThan(1000);
    expect(context.builder.report(null).input_count).toBeGreaterThan(0);
    expect(context.builder.problems()).toEqual([]);
  });
});

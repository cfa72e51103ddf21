import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { ExchangeRecord } from "../../src/client/client-types.js";
import { CAMPAIGN, runMain } from "./support/run-cli.js";
import { cliTestBed } from "./support/test-bed.js";

const KEY = "canary-7e21-trace-instantly-key";
const bed = cliTestBed();

describe("--trace", () => {
  it("writes one JSON line per attempt with status, headers and body, never the key", async () => {
    const fake = await bed.serve({
      apiKey: KEY,
      campaigns: [CAMPAIGN],
      faults: { 1: { kind: "rate-limit", retryAfter: 0 } },
    });
    const file = await bed.folder.file("leads.csv", "email\nann@x.example\nbob@x.example\n");
    const trace = `${bed.folder.path}/trace.jsonl`;
    const args = ["import", file, "--campaign-id", CAMPAIGN, "--base-url", fake.url];
    const run = await runMain([...args, "--trace", trace, "-q"], { INSTANTLY_API_KEY: KEY });
    expect(run.code).toBe(0);
    const text = await readFile(trace, "utf8");
    expect(text).not.toContain(KEY);
    const records = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ExchangeRecord);
    expect(records).toEqual([
      // The preflight: the campaign is fetched before any row is read.
      expect.objectContaining({
        method: "GET",
        path: `/api/v2/campaigns/${CAMPAIGN}`,
        status: 200,
      }),
      expect.objectContaining({
        method: "POST",
        path: "/api/v2/leads/add",
        attempt: 1,
        status: 429,
        headers: expect.objectContaining({ "retry-after": "0" }),
        body: expect.stringContaining("Rate limit exceeded"),
      }),
      expect.objectContaining({ attempt: 2, status: 200, body: expect.any(String) }),
    ]);
    expect(JSON.parse(records[2]!.body!)).toMatchObject({ total_sent: 2, leads_uploaded: 2 });
  });

  it("refuses a path it cannot write before sending anything", async () => {
    const fake = await bed.serve({ apiKey: KEY, campaigns: [CAMPAIGN] });
    const file = await bed.folder.file("one.csv", "email\nann@x.example\n");
    const args = ["import", file, "--campaign-id", CAMPAIGN, "--base-url", fake.url];
    const trace = `${bed.folder.path}/missing/trace.jsonl`;
    const run = await runMain([...args, "--trace", trace], { INSTANTLY_API_KEY: KEY });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--trace ${trace}`);
    expect(fake.state.requests).toBe(0);
  });
});

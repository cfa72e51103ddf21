import type { CreatedLead } from "../../src/leads/index.js";
import { readdir, readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeReportFile } from "../../src/cli/report-file.js";
import type { CliReport } from "../../src/cli/cli-report.js";
import { RowWarnings } from "../../src/cli/row-warnings.js";
import { zeroCounters } from "../../src/leads/response.js";
import { CAMPAIGN, tempFolder } from "./support/run-cli.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.remove());

const warnings = new RowWarnings();
warnings.add({ index: 2, line: 4, row: "c@x.example" }, [{ emailRepeats: 2 }]);

const report: CliReport = {
  input: { source: "leads.csv", format: "csv" },
  target: { campaign_id: CAMPAIGN },
  dry_run: false,
  stopped: null,
  input_count: 3,
  resumed: 0,
  totals: { ...zeroCounters(), total_sent: 1, leads_uploaded: 1 },
  remaining_in_plan: 9,
  existing_leads: [],
  unresolved: [],
  lookups: 0,
  refused: [],
  body_limit_bytes: null,
  rejected: [{ index: 1, line: 3, row: "x,y", issues: [{ index: 1, field: "", message: "bad" }] }],
  warnings,
  failed: [
    {
      indices: [2],
      status: 503,
      message: "Service Unavailable",
      replayed: true,
      rows: [{ index: 2, line: 4, row: "c@x.example" }],
    },
  ],
  batches: { sent: 2, accepted: 1, failed: 1, refused: 0, retried: 1, replayed: 1, resumed: 0 },
  anomalies: [
    { indices: [0], kind: "total_sent_mismatch", detail: "total_sent 10 for 1 lead sent" },
  ],
};

async function* created(count: number): AsyncGenerator<CreatedLead> {
  for (let index = 0; index < count; index += 1) yield { index, id: `id-${index}` };
}

const none = { created: [], notCreated: [] };

describe("writeReportFile", () => {
  it.each([0, 1, 20_000])(
    "writes the whole report as JSON with %i created leads streamed in",
    async (count) => {
      const path = `${folder.path}/report-${count}.json`;
      const notCreated = [
        { index: 7, line: 9, message: "1 in_blocklist", cause: "counters" as const },
      ];
      await writeReportFile(path, report, { created: created(count), notCreated });
      const written = JSON.parse(await readFile(path, "utf8")) as CliReport & {
        created_leads: CreatedLead[];
        not_created: unknown[];
      };
      const { created_leads, not_created, ...rest } = written;
      expect(rest).toEqual({ ...report, warnings: [...warnings] });
      expect(not_created).toEqual(notCreated);
      expect(created_leads).toHaveLength(count);
      expect(created_leads.at(-1)).toEqual(
        count === 0 ? undefined : { index: count - 1, id: `id-${count - 1}` },
      );
    },
  );

  it("replaces an existing file and leaves no temporary file behind", async () => {
    const path = `${folder.path}/replaced.json`;
    await writeReportFile(path, { ...report, input_count: 1 }, none);
    await writeReportFile(path, report, none);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ input_count: 3 });
    expect((await readdir(folder.path)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps the old file when writing fails midway", async () => {
    const path = `${folder.path}/kept.json`;
    await writeReportFile(path, report, none);
    async function* failing(): AsyncGenerator<CreatedLead> {
      yield { index: 0, id: "id-0" };
      throw new Error("disk full");
    }
    await expect(
      writeReportFile(path, report, { created: failing(), notCreated: [] }),
    ).rejects.toThrow("disk full");
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ input_count: 3 });
    expect((await readdir(folder.path)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

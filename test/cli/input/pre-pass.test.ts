import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { CAMPAIGN, runMain } from "../support/run-cli.js";
import { cliTestBed } from "../support/test-bed.js";

// The .xlsx pre-pass through the CLI, against a fake server: what is refused is refused before
// the first request.
const KEY = "pre-pass-test-key";
const bed = cliTestBed({ apiKey: KEY, rateLimit: false, campaigns: [CAMPAIGN] });

async function run(file: string, extra: string[] = []) {
  const fake = await bed.serve();
  const args = ["import", file, "--campaign-id", CAMPAIGN, "--base-url", fake.url, ...extra];
  const result = await runMain(args, { INSTANTLY_API_KEY: KEY });
  return { ...result, requests: fake.state.requests, leads: fake.state.leads.length };
}

// `before` ordinary rows, then one whose note is `noteBytes` long, then one more.
async function workbook(name: string, noteBytes: number, before = 3): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Leads");
  sheet.addRow(["Email", "Notes"]);
  for (let i = 0; i < before; i++) sheet.addRow([`r${i}@x.example`, "ok"]);
  sheet.addRow(["big@x.example", "x".repeat(noteBytes)]);
  sheet.addRow(["last@x.example", "ok"]);
  const path = `${bed.folder.path}/${name}`;
  await book.xlsx.writeFile(path);
  return path;
}

describe("the .xlsx pre-pass", () => {
  it("refuses a row over --max-record-bytes before any request, naming sheet and row", async () => {
    // Past the sample the reader takes before the first request (100 rows): without the
    // pre-pass, the rows before it would be sent.
    const file = await workbook("big.xlsx", 5000, 150);
    const result = await run(file, ["--max-record-bytes", "4096", "--batch-size", "50"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file} line 152: a row larger than 4 KiB in sheet "Leads" (no real lead is that large; --max-record-bytes N allows larger ones). Nothing was sent (--no-precheck imports the rows before it)`,
    );
    expect(result.requests).toBe(0);
    expect(result.leads).toBe(0);
  });

  it("lets a normal workbook through", async () => {
    const file = await workbook("normal.xlsx", 3000);
    const result = await run(file, ["--max-record-bytes", "4096"]);
    expect(result.code).toBe(0);
    expect(result.leads).toBe(5);
  });

  it("is skipped with --no-precheck: the rows before the large one are sent", async () => {
    const file = await workbook("unchecked.xlsx", 5000, 150);
    const result = await run(file, [
      "--max-record-bytes",
      "4096",
      "--batch-size",
      "50",
      "--no-precheck",
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`Stopped early: ${file} line 152: a row larger than 4 KiB`);
    expect(result.stdout).not.toContain("Nothing was sent");
    expect(result.leads).toBe(150);
  });
});

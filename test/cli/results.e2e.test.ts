import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CAMPAIGN, runCli } from "./support/run-cli.js";
import { cliTestBed } from "./support/test-bed.js";
import type { FakeInstantly, FakeInstantlyOptions } from "../../src/testing/index.js";

// --results and --errors, through `main` in this process against a fake server.
const KEY = "results-test-key";
const bed = cliTestBed({ apiKey: KEY, campaigns: [CAMPAIGN] });
const serve = (options?: FakeInstantlyOptions) => bed.serve(options);

function importFile(server: FakeInstantly, file: string, extra: string[] = []) {
  const args = ["import", file, "--campaign-id", CAMPAIGN, "--base-url", server.url, ...extra];
  return runCli(args, { env: { INSTANTLY_API_KEY: KEY } });
}

/**
 * A CSV results file's rows as objects by header, after its BOM; the outcome columns are a row's
 * last three cells (a row whose cells do not match the header is written as read).
 */
async function readCsv(path: string): Promise<Array<Record<string, string>>> {
  const text = await readFile(path, "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  const records: string[][] = parse(text.slice(1), { relax_column_count: true });
  const [header, ...rows] = records;
  const names = header!.slice(0, -3);
  return rows.map((cells) => ({
    ...Object.fromEntries(names.map((name, at) => [name, cells[at] ?? ""])),
    instantly_status: cells.at(-3)!,
    instantly_lead_id: cells.at(-2)!,
    instantly_message: cells.at(-1)!,
  }));
}

// Every status a single run can give: the 15-row file, and a blank line.
const MESSY = [
  "Email,First Name,Company",
  "ann@x.example,Ann,Acme",
  "bob@blocked.example,Bob,Bobco",
  "ANN@x.example,Ann again,Acme",
  "not an email,Nope,X",
  ",Nomail,Y",
  "e_f@x.example,Underscore,Z",
  ",,",
  "cy@x.example,Cy,Cyco",
  "dee@x.example,Dee",
  "eve@x.example,Eve,Eveco",
].join("\n");

describe("--results and --errors", () => {
  it("write every row with its outcome, in input order, and the rows to fix", async () => {
    const server = await serve({ blocklist: ["@blocked.example"], leadRule: { matches: "_" } });
    const input = await bed.folder.file("messy.csv", `${MESSY}\n`);
    const results = `${bed.folder.path}/messy.results.csv`;
    const errors = `${bed.folder.path}/messy.errors.csv`;
    const run = await importFile(server, input, [
      "--batch-size",
      "4",
      "--results",
      results,
      "--errors",
      errors,
    ]);
    expect(run.code).toBe(1);
    const ids = new Map(server.state.leads.map((lead) => [lead.email, lead.id]));
    const rows = await readCsv(results);
    expect(rows.map((row) => [row.Email, row.instantly_status, row.instantly_lead_id])).toEqual([
      ["ann@x.example", "created", ids.get("ann@x.example")],
      ["bob@blocked.example", "not_created", ""],
      ["ANN@x.example", "not_created", ""],
      ["not an email", "not_created", ""],
      ["", "rejected", ""],
      ["e_f@x.example", "refused", ""],
      ["", "skipped", ""],
      ["cy@x.example", "created", ids.get("cy@x.example")],
      ["dee@x.example", "rejected", ""],
      ["eve@x.example", "created", ids.get("eve@x.example")],
    ]);
    expect(rows[2]!.instantly_message).toBe(
      "the same email as line 2 of this file: the API keeps one lead per email",
    );
    expect(rows[4]!.instantly_message).toMatch(/^email: /);
    // A short row is written as read, its outcome after its own cells: it stays refused until fixed.
    expect(rows[8]!.instantly_message).toBe("has 2 fields where the header has 3");
    expect(rows[8]!.Company).toBe("rejected");
    // The rows to act on: invalid or repeated emails, rejected, refused; not the blocklisted one.
    const toFix = await readCsv(errors);
    expect(toFix.map((row) => row.Email)).toEqual([
      "ANN@x.example",
      "not an email",
      "",
      "e_f@x.example",
      "dee@x.example",
    ]);
    expect(run.stdout).toContain(
      `Results: ${results}, 10 rows (3 created, 3 not_created, 2 rejected, 1 refused, 1 skipped)`,
    );
    expect(run.stdout).toContain(
      `Errors: ${errors}, 5 rows to fix; once fixed, import it with the same flags (and --errors naming another file)`,
    );
  });

  it("an errors file, fixed, imports again as is: its outcome columns are dropped, never sent", async () => {
    const server = await serve();
    const input = await bed.folder.file(
      "again.csv",
      "Email,Name Of Pet\nann@x.example,Rex\nbad,Tom\n",
    );
    const errors = `${bed.folder.path}/again.errors.csv`;
    expect((await importFile(server, input, ["--errors", errors])).code).toBe(1);
    const written = await readFile(errors, "utf8");
    expect(written).toBe(
      "\uFEFFEmail,Name Of Pet,instantly_status,instantly_lead_id,instantly_message\r\n" +
        'bad,Tom,not_created,,"the API counts ""bad"" invalid: it has no @"\r\n',
    );
    await writeFile(errors, written.replace("bad,Tom", "tom@x.example,Tom"));
    const again = await importFile(server, errors, [
      "--errors",
      `${bed.folder.path}/again.errors2.csv`,
    ]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /"instantly_status", "instantly_lead_id", "instantly_message": the outcome columns of a results or errors file, dropped/,
    );
    const tom = server.state.leads.find((lead) => lead.email === "tom@x.example");
    expect(tom?.lead).toEqual({
      email: "tom@x.example",
      custom_variables: { "Name Of Pet": "Tom" },
    });
    expect(server.state.leads).toHaveLength(2);
  });

  it("without either file, a row not created for a reason in it still makes the run exit 1", async () => {
    const server = await serve();
    const input = await bed.folder.file(
      "plain.csv",
      "email\na@x.example\nb@x.example\nA@x.example\nnot-an-email\n",
    );
    const journal = `${bed.folder.path}/plain.journal`;
    const run = await importFile(server, input, ["--batch-size", "2", "--journal", journal]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "2 rows were not created for a reason in the row (an email the API counts invalid, or one an earlier row holds); --errors FILE lists them",
    );
    // Resumed, those rows are still not created: the rerun says so too.
    const again = await importFile(server, input, ["--batch-size", "2", "--journal", journal]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("2 rows were not created for a reason in the row");
  });

  it("list the rows a stop left unsent, read only to list them", async () => {
    // The second request is refused 401: no later batch can succeed.
    const server = await serve({ faults: { 2: { kind: "status", status: 401 } } });
    const lines = Array.from({ length: 9 }, (_, n) => `l${n}@x.example`);
    const input = await bed.folder.file("stop.csv", `email\n${lines.join("\n")}\n`);
    const results = `${bed.folder.path}/stop.results.csv`;
    const errors = `${bed.folder.path}/stop.errors.csv`;
    const run = await importFile(server, input, [
      "--batch-size",
      "2",
      "--concurrency",
      "1",
      "--results",
      results,
      "--errors",
      errors,
    ]);
    expect(run.code).toBe(2);
    const statuses = (await readCsv(results)).map((row) => row.instantly_status);
    expect(statuses).toEqual([
      "created",
      "created",
      "failed",
      "failed",
      ...Array(5).fill("not_sent"),
    ]);
    const toFix = await readCsv(errors);
    expect(toFix).toHaveLength(7);
    expect(run.stdout).toContain(
      `Errors: ${errors}, 7 rows to act on so far (the run stopped early: see above)`,
    );
    expect(toFix[6]!.instantly_message).toMatch(/^not sent: the import stopped at /);
  });

  it("give resumed rows the ids the journal holds, and rows it did not create as they were", async () => {
    // The second batch fails (no retries): the rerun sends it and resumes the rest.
    const server = await serve({ faults: { 2: { kind: "status", status: 500 } } });
    const input = await bed.folder.file("resume.csv", "email\na@x.example\nbad\nc@x.example\n");
    const journal = `${bed.folder.path}/resume.journal`;
    const results = `${bed.folder.path}/resume.results.csv`;
    const errors = `${bed.folder.path}/resume.errors.csv`;
    const flags = [
      "--batch-size",
      "2",
      "--concurrency",
      "1",
      "--max-retries",
      "0",
      "--journal",
      journal,
    ];
    const files = ["--results", results, "--errors", errors];
    expect((await importFile(server, input, [...flags, ...files])).code).toBe(1);
    expect((await readCsv(results)).map((row) => row.instantly_status)).toEqual([
      "created",
      "not_created",
      "failed",
    ]);
    expect((await importFile(server, input, [...flags, ...files])).code).toBe(1);
    const ids = new Map(server.state.leads.map((lead) => [lead.email, lead.id]));
    const rows = await readCsv(results);
    expect(rows.map((row) => [row.instantly_status, row.instantly_lead_id])).toEqual([
      ["resumed", ids.get("a@x.example")],
      ["not_created", ""],
      ["created", ids.get("c@x.example")],
    ]);
    expect(rows[1]!.instantly_message).toMatch(
      /^in an earlier run of this journal: the API counts "bad" invalid/,
    );
    // Still a row to fix: the rerun says so and lists it.
    expect((await readCsv(errors)).map((row) => row.email)).toEqual(["bad"]);
  });

  it("write an .xlsx input's rows as CSV, and a JSON Lines input's as JSON Lines", async () => {
    const server = await serve();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Leads");
    sheet.addRow(["Email", "Seats"]);
    sheet.addRow(["ann@x.example", 12]);
    sheet.addRow(["bad", 3]);
    const xlsx = `${bed.folder.path}/book.xlsx`;
    await workbook.xlsx.writeFile(xlsx);
    const fromSheet = `${bed.folder.path}/book.results.csv`;
    await importFile(server, xlsx, ["--results", fromSheet]);
    expect(
      (await readCsv(fromSheet)).map((row) => [row.Email, row.Seats, row.instantly_status]),
    ).toEqual([
      ["ann@x.example", "12", "created"],
      ["bad", "3", "not_created"],
    ]);

    const jsonl = await bed.folder.file(
      "leads.jsonl",
      ['{"email":"jo@x.example","first_name":"Jo"}', "{oops", '{"email":"bad"}'].join("\n"),
    );
    const fromLines = `${bed.folder.path}/leads.results.jsonl`;
    await importFile(server, jsonl, ["--results", fromLines]);
    const written = (await readFile(fromLines, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(written).toMatchObject([
      { email: "jo@x.example", first_name: "Jo", instantly_status: "created" },
      { instantly_input: "{oops", instantly_status: "rejected" },
      { email: "bad", instantly_status: "not_created" },
    ]);
    // Imported again, its outcome fields are dropped and said to be.
    const again = await importFile(server, fromLines, [
      "--results",
      `${bed.folder.path}/again.jsonl`,
    ]);
    expect(again.stdout).toMatch(
      /3 lines held the fields a results file adds .*: they were dropped, not sent/,
    );
    expect(server.state.leads.find((lead) => lead.email === "jo@x.example")?.lead).toEqual({
      email: "jo@x.example",
      first_name: "Jo",
    });
  });

  it.each([
    [["--results", "IN"], /--results .*in\.csv is the input too; give each its own file/],
    [["--results", "OUT", "--errors", "OUT"], /--errors .*out\.csv is the file of --results too/],
    [
      ["--errors", "DIR/out.xlsx"],
      /--errors .*out\.xlsx: name the file \.csv \(or \.tsv, \.txt\) or \.jsonl/,
    ],
    [["--results", "OUT", "--dry-run"], /--results and --errors say what an import did/],
  ])("refuse %j before anything is sent", async (flags, message) => {
    const server = await serve();
    const input = await bed.folder.file("in.csv", "email\na@x.example\n");
    const resolved = flags.map((flag) =>
      flag
        .replace("IN", input)
        .replace("OUT", `${bed.folder.path}/out.csv`)
        .replace("DIR", bed.folder.path),
    );
    const run = await importFile(server, input, resolved);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(server.state.leads).toHaveLength(0);
  });
});

import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import { CAMPAIGN, runCli, runMain, tempFolder } from "./support/run-cli.js";

// The files people really have, run through `main` in this process against a fake server.
const KEY = "input-files-test-key";
const LIST = "019e0e3e-b690-71a9-b399-aaaaaaaaaaaa";
let folder: Awaited<ReturnType<typeof tempFolder>>;
let fake: FakeInstantly;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.remove());
afterEach(async () => {
  await fake.close();
});

async function run(file: string, extra: string[] = [], target = ["--list-id", LIST]) {
  fake = await startFakeInstantly({ apiKey: KEY, rateLimit: false });
  const args = ["import", file, ...target, "--base-url", fake.url, ...extra];
  return runMain(args, { INSTANTLY_API_KEY: KEY });
}

const sent = () => fake.state.leads.map((created) => created.lead);
const emails = () => fake.state.leads.map((created) => created.email);

describe("encodings", () => {
  it.each([
    ["windows-1252", "cp1252.csv", "Müller", "€ Café"],
    ["latin1", "latin1.csv", "Nuñez", "Société Générale"],
  ])(
    "reads a %s file: names arrive intact, and the encoding is named",
    async (encoding, name, last, company) => {
      const text = `Email,Last Name,Company\r\nann@x.example,${last},${company}\r\n`;
      const file = await folder.file(name, iconv.encode(text, encoding));
      const result = await run(file);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /Reading the input as windows-1252 \(detected; --encoding NAME/,
      );
      expect(sent()).toEqual([
        expect.objectContaining({ email: "ann@x.example", last_name: last, company_name: company }),
      ]);
    },
  );

  it("reads UTF-16 LE with a BOM", async () => {
    const text = "\uFEFFEmail\tFirst Name\r\nann@x.example\tJürgen\r\n";
    const file = await folder.file("unicode.txt", Buffer.from(text, "utf16le"));
    const result = await run(file);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([expect.objectContaining({ first_name: "Jürgen" })]);
  });

  it("detects Windows-1252 that starts like UTF-8 (the first é at row 3,000)", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `p${i}@x.example,Plain`);
    rows.push("late@x.example,Renée");
    const file = await folder.file(
      "late.csv",
      iconv.encode(`Email,First Name\n${rows.join("\n")}\n`, "windows-1252"),
    );
    const result = await run(file);
    expect(result.code).toBe(0);
    // Batches run concurrently, so the server may apply the last one first: found by its email.
    expect(sent()).toHaveLength(3001);
    expect(sent().find((lead) => lead.email === "late@x.example")).toEqual(
      expect.objectContaining({ first_name: "Renée" }),
    );
  });

  it("refuses bytes invalid for a forced encoding, naming the line, and sends nothing", async () => {
    const text = "Email,Last Name\nann@x.example,Lee\nbob@x.example,Müller\n";
    const file = await folder.file("forced.csv", iconv.encode(text, "windows-1252"));
    const result = await run(file, ["--encoding", "utf-8"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /forced\.csv line 3: bytes that are not valid utf-8.*--encoding NAME/,
    );
    expect(fake.state.requests).toBe(0);
  });
});

describe("broken files send nothing", () => {
  it.each([
    [
      "after-quote.csv",
      'Email,Notes\nann@x.example,ok\nbob@x.example,"he said" hi\n',
      3,
      /text after the closing quote of cell 2/,
    ],
    [
      "huge.csv",
      `Email,Notes\nann@x.example,ok\nbob@x.example,${"x".repeat(5000)}\n`,
      3,
      /a record larger than 4 KiB starts here/,
    ],
    [
      "open.csv",
      'Email,Notes\nann@x.example,"ok\nbob@x.example,fine\n',
      2,
      /a quote opens here and is never closed/,
    ],
    [
      "wide.csv",
      "Email,Notes\nann@x.example,ok\nbob@x.example,a,b\n",
      3,
      /has 3 cells where the header has 2/,
    ],
  ])("%s: exit 2, the line named, zero requests", async (name, content, line, message) => {
    const file = await folder.file(name, content);
    const result = await run(file, ["--max-record-bytes", "4096"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`${name} line ${line}: `));
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Nothing was sent");
    expect(fake.state.requests).toBe(0);
  });
});

describe("rows and layouts", () => {
  it("skips rows whose cells are all empty, counts them, and exits 0", async () => {
    const file = await folder.file(
      "trailing.csv",
      "Email,First Name,Plan\nann@x.example,Ann,Pro\n,,\n , ,\n,,\n",
    );
    const result = await run(file);
    expect(result.code).toBe(0);
    expect(emails()).toEqual(["ann@x.example"]);
    expect(result.stdout).toContain("3 rows with every cell empty were skipped");
  });

  it("skips a report footer and the empty lines before the header, and says so", async () => {
    const file = await folder.file(
      "report.csv",
      ',,,\n"Email","Full Name","Notes"\n"ann@x.example","Ann Archer",""\n\n"Grand Totals (1 records)"\n"Confidential Information - Do Not Distribute"\n',
    );
    const result = await run(file);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "The header is on line 2: the empty line before it was skipped",
    );
    expect(result.stderr).toMatch(/first_name +<- "Full Name" \(split: the first word\)/);
    expect(result.stdout).toContain(
      '2 lines after the table (lines 5-6, from "Grand Totals (1 records)") were skipped as a report footer',
    );
    expect(sent()).toEqual([
      expect.objectContaining({ email: "ann@x.example", first_name: "Ann", last_name: "Archer" }),
    ]);
  });

  it("reads a quote inside an unquoted cell as a literal character", async () => {
    const file = await folder.file(
      "coordinates.csv",
      "Email,Coordinates\nann@x.example,37°36'37.8\"N 122°22'07.5\"W\n",
    );
    const result = await run(file);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      expect.objectContaining({ custom_variables: { Coordinates: `37°36'37.8"N 122°22'07.5"W` } }),
    ]);
  });

  it("keeps a full name whole with --no-split-name", async () => {
    const file = await folder.file("full.csv", "Email,Full Name\nann@x.example,Ann Archer\n");
    const result = await run(file, ["--no-split-name"]);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([
      expect.objectContaining({ custom_variables: { "Full Name": "Ann Archer" } }),
    ]);
  });

  it("says a header-only file has no data rows, exits 0 and sends nothing", async () => {
    const file = await folder.file("header-only.csv", "Email,First Name\n");
    const result = await run(file);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("has a header but no data rows: nothing to import");
    expect(fake.state.requests).toBe(0);
  });

  it("honours Excel's sep= line and numbers lines after it", async () => {
    const file = await folder.file(
      "sep.csv",
      "sep=;\r\nEmail;Company;Interest Status\r\nann@x.example;Acme, Inc.;1\r\nbob@x.example;B;99\r\n",
    );
    const result = await run(file, ["--dry-run"]);
    expect(result.stdout).toContain('company_name       <- "Company"');
    expect(result.stdout).toMatch(/^line 4, lt_interest_status: /m);
  });

  it("reads a .tsv file", async () => {
    const file = await folder.file(
      "leads.tsv",
      "Email Address\tCompany / Account\nann@x.example\tAcme, Inc.\n",
    );
    const result = await run(file);
    expect(result.code).toBe(0);
    expect(sent()).toEqual([expect.objectContaining({ company_name: "Acme, Inc." })]);
  });

  it("prints the mapping before sending, and takes --map-file and --map", async () => {
    const map = await folder.file("map.json", JSON.stringify({ Contact: "email", Notes: "-" }));
    const file = await folder.file(
      "mapped.csv",
      "Contact,Who,Notes,Tier\nann@x.example,Ann,x,gold\n",
    );
    const result = await run(file, ["--map-file", map, "--map", "Who=first_name"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      [
        "Column mapping:",
        '  email              <- "Contact"',
        '  first_name         <- "Who"',
        '  custom_variables: "Tier"',
        '  dropped: "Notes"',
      ].join("\n"),
    );
    expect(sent()).toEqual([
      expect.objectContaining({
        email: "ann@x.example",
        first_name: "Ann",
        custom_variables: { Tier: "gold" },
      }),
    ]);
  });
});

describe("refusals: nothing reaches the server", () => {
  it("refuses a column of emails that maps to nothing, printing the --map that fixes it", async () => {
    const file = await folder.file(
      "contact.csv",
      "Contact,First Name\nann@x.example,Ann\nbob@x.example,Bob\n",
    );
    const result = await run(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Add --map "Contact=email"');
    expect(fake.state.requests).toBe(0);
  });

  it("refuses the same from standard input, once its first rows have come", async () => {
    fake = await startFakeInstantly({ apiKey: KEY, rateLimit: false });
    const args = ["import", "-", "--list-id", LIST, "--base-url", fake.url];
    const result = await runCli(args, {
      env: { INSTANTLY_API_KEY: KEY },
      stdin: "Contact,First Name\nann@x.example,Ann\n",
    });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('Add --map "Contact=email"');
    expect(fake.state.requests).toBe(0);
  });

  it("refuses a campaign import without an email column", async () => {
    const file = await folder.file("names.csv", "First Name,Company\nAnn,Acme\n");
    const result = await run(file, [], ["--campaign-id", CAMPAIGN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no column maps to email, and campaign leads need one/);
    expect(fake.state.requests).toBe(0);
  });

  it("says an .xlsx given as CSV is a workbook", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Leads").addRow(["Email"]);
    const file = `${folder.path}/really.csv`;
    await workbook.xlsx.writeFile(file);
    const result = await run(file, ["--format", "csv"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /really\.csv: is an Excel workbook \(\.xlsx\), not CSV text; name it \.xlsx or pass --format xlsx/,
    );
    expect(fake.state.requests).toBe(0);
  });
});

describe(".xlsx", () => {
  async function workbookFile(name: string): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Leads");
    sheet.addRow(["Email", "First Name", "Seats", "Signed Up", "Active", "Notes"]);
    sheet.addRow(["ann@x.example", "Ann", 12, new Date(Date.UTC(2024, 0, 31)), true, null]);
    sheet.addRow([]);
    sheet.addRow(["bob@x.example", null, 3.5, new Date(Date.UTC(2024, 1, 1, 13, 5)), false, "vip"]);
    const other = workbook.addWorksheet("Archive");
    other.addRow(["Email Address"]);
    other.addRow(["old@x.example"]);
    const path = `${folder.path}/${name}`;
    await workbook.xlsx.writeFile(path);
    return path;
  }

  it("imports the first sheet with cells as CSV text (numbers, ISO dates, TRUE/FALSE)", async () => {
    const file = await workbookFile("leads.xlsx");
    const result = await run(file);
    expect(result.code, result.stderr).toBe(0);
    expect(sent()).toEqual([
      expect.objectContaining({
        email: "ann@x.example",
        first_name: "Ann",
        custom_variables: { Seats: "12", "Signed Up": "2024-01-31", Active: "TRUE" },
      }),
      expect.objectContaining({
        email: "bob@x.example",
        custom_variables: {
          Seats: "3.5",
          "Signed Up": "2024-02-01T13:05:00.000Z",
          Active: "FALSE",
          Notes: "vip",
        },
      }),
    ]);
  });

  it("reads a workbook from standard input with --format xlsx, its pre-pass included", async () => {
    const bytes = await readFile(await workbookFile("piped.xlsx"));
    fake = await startFakeInstantly({ apiKey: KEY, rateLimit: false });
    const args = ["import", "-", "--format", "xlsx", "--list-id", LIST, "--base-url", fake.url];
    const env = { env: { INSTANTLY_API_KEY: KEY } };
    const piped = await runCli([...args, "--sheet", "Archive"], { ...env, stdin: bytes });
    expect(piped.code, piped.stderr).toBe(0);
    expect(emails()).toEqual(["old@x.example"]);
    const limited = await runCli([...args, "--max-record-bytes", "10"], { ...env, stdin: bytes });
    expect(limited.code).toBe(2);
    expect(limited.stderr).toMatch(
      /standard input line 1: a row larger than 10 bytes in sheet "Leads"/,
    );
  });

  it("reads the sheet --sheet names, and names the sheets when it is missing", async () => {
    const file = await workbookFile("sheets.xlsx");
    const result = await run(file, ["--sheet", "Archive"]);
    expect(result.code, result.stderr).toBe(0);
    expect(emails()).toEqual(["old@x.example"]);
    await fake.close();
    const missing = await run(file, ["--sheet", "Nope"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no sheet named "Nope"; its sheets: "Leads", "Archive"');
  });
});

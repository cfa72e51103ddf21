import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliInputError, CliUsageError } from "../../../src/cli/errors.js";
import type { InputRow } from "../../../src/cli/input/input-row.js";
import type { InputSpec } from "../../../src/cli/input/input-spec.js";
import { openInput } from "../../../src/cli/input/open-input.js";
import { DEFAULT_MAX_RECORD_BYTES } from "../../../src/cli/input/record-limit.js";
import { tempFolder } from "../support/run-cli.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.remove());

function noStdin(): NodeJS.ReadableStream {
  const stream = new PassThrough();
  stream.end();
  return stream;
}

async function readAll(spec: InputSpec, stdin = noStdin()): Promise<InputRow[]> {
  const input = await openInput(spec, stdin);
  const rows: InputRow[] = [];
  for await (const row of input.rows) rows.push(row);
  return rows;
}

describe("openInput", () => {
  it("maps CSV records to leads, with the line and raw text of each row", async () => {
    const path = await folder.file(
      "mixed.csv",
      "Email,First Name,Plan\na@x.example,Ann,Pro\n\nb@x.example,Bob\n",
    );
    expect(await readAll({ path })).toEqual([
      {
        ref: { index: 0, line: 2, row: "a@x.example,Ann,Pro" },
        cells: ["a@x.example", "Ann", "Pro"],
        lead: { email: "a@x.example", first_name: "Ann", custom_variables: { Plan: "Pro" } },
      },
      {
        ref: { index: 1, line: 4, row: "b@x.example,Bob" },
        cells: ["b@x.example", "Bob"],
        issue: { field: "", message: "has 2 fields where the header has 3" },
      },
    ]);
  });

  it("gives the header, the delimiter and each skipped line (empty, footer) in its turn", async () => {
    const path = await folder.file(
      "skips.csv",
      "Email;Name;Plan\na@x.example;Ann;Pro\n;;\nb@x.example;Bob;Pro\n\nGrand Totals\n",
    );
    const input = await openInput({ path }, process.stdin);
    expect(input.header).toEqual(["Email", "Name", "Plan"]);
    expect(input.delimiter).toBe(";");
    const seen: unknown[] = [];
    input.watchSkipped((row) => seen.push(row));
    for await (const row of input.rows) seen.push(row.ref.line);
    expect(seen).toEqual([
      2,
      { line: 3, cells: ["", "", ""], reason: "empty" },
      4,
      { line: 6, cells: ["Grand Totals"], reason: "footer" },
    ]);
  });

  it("types extra columns only when asked", async () => {
    const path = await folder.file("typed.csv", "Email,Seats,Trial\na@x.example,12,TRUE\n");
    const [row] = await readAll({ path, typedColumns: true });
    expect(row).toMatchObject({ lead: { custom_variables: { Seats: 12, Trial: true } } });
  });

  it.each([
    [
      "big.csv",
      `Email,Notes\na@x.example,ok\nb@x.example,${"x".repeat(3000)}\n`,
      /line 3: a record larger than 1 KiB starts here/,
    ],
    [
      "big-quoted.csv",
      `Email,Notes\na@x.example,"${"x\n".repeat(1500)}"\n`,
      /line 2: a record larger than 1 KiB starts here/,
    ],
    [
      "big.jsonl",
      `{"email":"a@x.example"}\n{"email":"b@x.example","n":"${"x".repeat(3000)}"}\n`,
      /line 2: a line larger than 1 KiB starts here/,
    ],
  ])(
    "refuses %s, whose record is over --max-record-bytes, before any row",
    async (name, content, message) => {
      const path = await folder.file(name, content);
      await expect(openInput({ path, maxRecordBytes: 1024 }, noStdin())).rejects.toThrow(message);
      await expect(openInput({ path, maxRecordBytes: 1024 }, noStdin())).rejects.toThrow(
        /Nothing was sent/,
      );
      // The default limit (1 MiB) lets the same record through.
      expect(DEFAULT_MAX_RECORD_BYTES).toBe(1024 * 1024);
      expect(await readAll({ path })).toHaveLength(2 - (name === "big-quoted.csv" ? 1 : 0));
    },
  );

  it("reads standard input for -", async () => {
    const stdin = new PassThrough();
    stdin.end('{"email":"a@x.example"}\n');
    const rows = await readAll({ path: "-", format: "jsonl" }, stdin);
    expect(rows).toEqual([
      { ref: { index: 0, line: 1, row: { email: "a@x.example" } }, lead: { email: "a@x.example" } },
    ]);
  });

  it("refuses a workbook piped in as CSV, naming --format xlsx (a pipe cannot be renamed)", async () => {
    const stdin = new PassThrough();
    stdin.end(Buffer.from("504b030414000600080000002100", "hex"));
    await expect(openInput({ path: "-" }, stdin)).rejects.toThrow(
      /^standard input: is an Excel workbook \(\.xlsx\); pass --format xlsx$/,
    );
  });

  it("reports the size of a file and the bytes parsed up to each row, not read ahead", async () => {
    const path = await folder.file("size.csv", "Email\na@x.example\nb@x.example\n");
    const input = await openInput({ path }, noStdin());
    expect(input.size).toBe(30);
    const consumed: number[] = [];
    for await (const _row of input.rows) consumed.push(input.bytesConsumed());
    expect(consumed).toEqual([18, 30]);
  });

  it.each([["empty.csv", "", /empty.csv: is empty; expected a header line/]])(
    "refuses %s with a CliInputError",
    async (name, content, message) => {
      const path = await folder.file(name, content);
      const reading = readAll({ path });
      await expect(reading).rejects.toBeInstanceOf(CliInputError);
      await expect(readAll({ path })).rejects.toThrow(message);
    },
  );

  const utf16 = (text: string, bom: boolean, bigEndian = false) => {
    const little = Buffer.from(`${bom ? "\uFEFF" : ""}${text}`, "utf16le");
    return bigEndian ? Buffer.from(little).swap16() : little;
  };
  it.each([
    ["le-bom.csv", utf16("Email,First Name\na@x.example,Ann\n", true)],
    ["be-bom.csv", utf16("Email,First Name\na@x.example,Ann\n", true, true)],
    ["le.csv", utf16("Email,First Name\na@x.example,Ann\n", false)],
    ["le-bom.jsonl", utf16('{"email":"a@x.example"}\n', true)],
    ["be.jsonl", utf16('{"email":"a@x.example"}\n', false, true)],
  ])("decodes the UTF-16 file %s and says so", async (name, content) => {
    const path = await folder.file(name, content);
    const input = await openInput({ path }, noStdin());
    expect(input.notices).toEqual([expect.stringMatching(/^Reading the input as utf-16(le|be)/)]);
    const rows: InputRow[] = [];
    for await (const row of input.rows) rows.push(row);
    expect(rows).toEqual([
      expect.objectContaining({ lead: expect.objectContaining({ email: "a@x.example" }) }),
    ]);
  });

  it.each([
    ["noheader.csv", "a@x.example,Ann\nb@x.example,Bob\n", /"a@x.example", "Ann"/],
    ["nofield.csv", "Plan,Seats\npro,3\n", /"Plan", "Seats"/],
  ])("refuses %s, whose first line maps to no lead field", async (name, content, cells) => {
    const path = await folder.file(name, content);
    await expect(readAll({ path })).rejects.toBeInstanceOf(CliInputError);
    await expect(readAll({ path })).rejects.toThrow(
      new RegExp(`${name} line 1: bad header: no column maps to a lead field`),
    );
    await expect(readAll({ path })).rejects.toThrow(cells);
  });

  it.each([
    [
      { path: "x.jsonl", mapping: { map: [["a", "email"]] } },
      /--map, --map-file and --custom-variables apply to CSV/,
    ],
    [{ path: "x.jsonl", mapping: { customVariables: "none" } }, /apply to CSV and .xlsx columns/],
    [{ path: "x.csv", sheet: "Leads" }, /--sheet applies to .xlsx files/],
    [{ path: "x.xlsx", encoding: "latin1" }, /--encoding and --delimiter apply to text files/],
  ] as const)("refuses a flag that does not apply: %j", async (spec, message) => {
    const opening = openInput(spec, noStdin());
    await expect(opening).rejects.toBeInstanceOf(CliUsageError);
    await expect(openInput(spec as InputSpec, noStdin())).rejects.toThrow(message);
  });

  it("yields no rows for a header alone", async () => {
    const path = await folder.file("header.csv", "Email,First Name\n");
    expect(await readAll({ path })).toEqual([]);
  });

  it("refuses a missing file before reading", async () => {
    await expect(openInput({ path: `${folder.path}/missing.csv` }, noStdin())).rejects.toThrow(
      /missing.csv: cannot read the input \(ENOENT\)/,
    );
  });
});

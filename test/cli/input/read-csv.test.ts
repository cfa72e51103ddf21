import { describe, expect, it } from "vitest";
import { CliInputError } from "../../../src/cli/errors.js";
import { csvLayout } from "../../../src/cli/input/csv-layout.js";
import { readCsv, type CsvRecord } from "../../../src/cli/input/read-csv.js";

async function* chunks(text: string | Buffer, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let start = 0; start < buffer.length; start += size) {
    yield buffer.subarray(start, start + size);
  }
}

async function records(text: string | Buffer, size = 1 << 16, delimiter?: string) {
  const out: Array<Pick<CsvRecord, "line" | "cells" | "raw">> = [];
  const { layout, text: laid } = await csvLayout(chunks(text, size), delimiter);
  for await (const { line, cells, raw } of readCsv(laid, {
    source: "in.csv",
    layout,
    maxRecordBytes: 1 << 20,
  })) {
    out.push({ line, cells, raw });
  }
  return out;
}

const SAMPLE = [
  "\uFEFFEmail;First Name;Notes",
  'a@x.example;Ann;"met; at',
  'the fair"',
  "",
  "",
  "b@x.example;Bob;plain;extra",
  "",
  'c@x.example;"Cy ""the"" third";',
  '"d@x.example";"Di";"x"',
];

const EXPECTED = [
  { line: 1, cells: ["Email", "First Name", "Notes"], raw: "Email;First Name;Notes" },
  {
    line: 2,
    cells: ["a@x.example", "Ann", "met; at\nthe fair"],
    raw: 'a@x.example;Ann;"met; at\nthe fair"',
  },
  { line: 6, cells: ["b@x.example", "Bob", "plain", "extra"], raw: "b@x.example;Bob;plain;extra" },
  { line: 8, cells: ["c@x.example", 'Cy "the" third', ""], raw: 'c@x.example;"Cy ""the"" third";' },
  { line: 9, cells: ["d@x.example", "Di", "x"], raw: '"d@x.example";"Di";"x"' },
];

describe("readCsv", () => {
  it.each([
    ["LF", "\n", 1 << 16],
    ["LF in 1-byte chunks", "\n", 1],
    ["LF in 7-byte chunks", "\n", 7],
    ["CRLF", "\r\n", 1 << 16],
    ["CRLF in 1-byte chunks", "\r\n", 1],
  ])(
    "reads quotes, embedded newlines, a BOM, ; and empty lines with start lines (%s)",
    async (_name, newline, size) => {
      const text = `${SAMPLE.join(newline)}${newline}`;
      const expected = EXPECTED.map((record) => ({
        ...record,
        cells: record.cells.map((cell) => cell.replace("\n", newline)),
        raw: record.raw.replace("\n", newline),
      }));
      expect(await records(text, size)).toEqual(expected);
    },
  );

  it("reads a last line without a newline", async () => {
    expect(await records("Email\na@x.example")).toEqual([
      { line: 1, cells: ["Email"], raw: "Email" },
      { line: 2, cells: ["a@x.example"], raw: "a@x.example" },
    ]);
  });

  it("uses the given delimiter instead of sniffing", async () => {
    const result = await records("Email;Name|Plan\na;b|c\n", 1 << 16, "|");
    expect(result.map((record) => record.cells)).toEqual([
      ["Email;Name", "Plan"],
      ["a;b", "c"],
    ]);
  });

  it("yields nothing for an empty input", async () => {
    expect(await records("")).toEqual([]);
  });

  it("throws a CliInputError naming the source and line for an unclosed quote", async () => {
    const reading = records('Email,Name\na@x.example,"Ann\n');
    await expect(reading).rejects.toBeInstanceOf(CliInputError);
    await expect(records('Email,Name\na@x.example,"Ann\n')).rejects.toThrow(
      /^in\.csv line 2: a quote opens here and is never closed/,
    );
  });
});

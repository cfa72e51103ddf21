import { describe, expect, it } from "vitest";
import type { InputRow } from "../../../src/cli/input/input-row.js";
import { CliInputError } from "../../../src/cli/errors.js";
import { findLongLine, readJsonl } from "../../../src/cli/input/read-jsonl.js";

async function* chunked(text: string, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.from(text);
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}

async function rows(text: string): Promise<InputRow[]> {
  const out: InputRow[] = [];
  async function* source() {
    yield Buffer.from(text);
  }
  for await (const row of readJsonl(source(), { source: "in.jsonl", maxRecordBytes: 1 << 20 }))
    out.push(row);
  return out;
}

describe("readJsonl", () => {
  it("drops the fields a results file adds, and counts the lines that held them", async () => {
    const text =
      '{"email":"a@x.example","instantly_status":"failed","instantly_lead_id":"","instantly_message":"x"}\n' +
      '{"instantly_input":"{oops","instantly_status":"rejected"}\n{"email":"b@x.example"}\n';
    let dropped = 0;
    const out: InputRow[] = [];
    async function* source() {
      yield Buffer.from(text);
    }
    const options = {
      source: "in.jsonl",
      maxRecordBytes: 1 << 20,
      onResultFields: () => dropped++,
    };
    for await (const row of readJsonl(source(), options)) out.push(row);
    expect(out.map((row) => ("lead" in row ? row.lead : row.issue))).toEqual([
      { email: "a@x.example" },
      {},
      { email: "b@x.example" },
    ]);
    expect(dropped).toBe(2);
  });

  it.each([
    {
      name: "one lead object per line, with line numbers",
      text: '{"email":"a@x.example"}\n{"email":"b@x.example"}\n',
      expected: [
        {
          ref: { index: 0, line: 1, row: { email: "a@x.example" } },
          lead: { email: "a@x.example" },
        },
        {
          ref: { index: 1, line: 2, row: { email: "b@x.example" } },
          lead: { email: "b@x.example" },
        },
      ],
    },
    {
      name: "blank lines skipped but counted, CRLF and a BOM accepted",
      text: '\uFEFF{"email":"a@x.example"}\r\n\r\n  \r\n{"email":"b@x.example"}',
      expected: [
        {
          ref: { index: 0, line: 1, row: { email: "a@x.example" } },
          lead: { email: "a@x.example" },
        },
        {
          ref: { index: 1, line: 4, row: { email: "b@x.example" } },
          lead: { email: "b@x.example" },
        },
      ],
    },
  ])("reads $name", async ({ text, expected }) => {
    expect(await rows(text)).toEqual(expected);
  });

  it.each([
    ['{"email": "a@x.example"', "", /^not valid JSON: /],
    ["[1, 2]", [1, 2], /^expected a JSON object, got an array$/],
    ['"a@x.example"', "a@x.example", /^expected a JSON object, got a string$/],
    ["null", null, /^expected a JSON object, got null$/],
  ])("turns the line %j into a rejected row and goes on", async (line, row, message) => {
    const result = await rows(`${line}\n{"email":"b@x.example"}\n`);
    expect(result).toHaveLength(2);
    const [bad, good] = result;
    expect(bad).toMatchObject({ ref: { index: 0, line: 1 }, issue: { field: "", message } });
    expect(bad?.ref.row).toEqual(row === "" ? line : row);
    expect(good).toMatchObject({ ref: { index: 1, line: 2 }, lead: { email: "b@x.example" } });
  });

  it.each([1, 5, 1 << 16])(
    "refuses a line over the limit, naming it, in %i-byte chunks",
    async (size) => {
      const text = `{"email":"a@x.example"}\n{"email":"b@x.example","note":"${"x".repeat(64)}"}\n{}\n`;
      const read: unknown[] = [];
      const reading = (async () => {
        for await (const row of readJsonl(chunked(text, size), {
          source: "in.jsonl",
          maxRecordBytes: 48,
        }))
          read.push(row);
      })();
      await expect(reading).rejects.toBeInstanceOf(CliInputError);
      expect(read).toHaveLength(1);
      await expect(findLongLine(chunked(text, size), 48)).resolves.toBe(2);
      await expect(findLongLine(chunked(text, size), 1000)).resolves.toBeUndefined();
    },
  );

  it("names the line and the flag", async () => {
    const reading = rowsOf(`${"x".repeat(100)}`, 10);
    await expect(reading).rejects.toThrow(
      /^in\.jsonl line 1: a line larger than 10 bytes starts here .*--max-record-bytes N/,
    );
  });
});

async function rowsOf(text: string, maxRecordBytes: number): Promise<InputRow[]> {
  const out: InputRow[] = [];
  for await (const row of readJsonl(chunked(text, 3), { source: "in.jsonl", maxRecordBytes }))
    out.push(row);
  return out;
}

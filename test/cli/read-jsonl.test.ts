import { describe, expect, it } from "vitest";
import type { InputRow } from "../../src/cli/input-row.js";
import { readJsonl } from "../../src/cli/read-jsonl.js";

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
  it.each([
    {
      name: "one lead object per line, with line numbers",
      text: '{"email":"a@x.example"}\n{"email":"b@x.example"}\n',
      expected: [
        { index: 0, line: 1, row: { email: "a@x.example" }, lead: { email: "a@x.example" } },
        { index: 1, line: 2, row: { email: "b@x.example" }, lead: { email: "b@x.example" } },
      ],
    },
    {
      name: "blank lines skipped but counted, CRLF and a BOM accepted",
      text: '\uFEFF{"email":"a@x.example"}\r\n\r\n  \r\n{"email":"b@x.example"}',
      expected: [
        { index: 0, line: 1, row: { email: "a@x.example" }, lead: { email: "a@x.example" } },
        { index: 1, line: 4, row: { email: "b@x.example" }, lead: { email: "b@x.example" } },
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
    expect(bad).toMatchObject({ index: 0, line: 1, issue: { field: "", message } });
    expect(bad?.row).toEqual(row === "" ? line : row);
    expect(good).toMatchObject({ index: 1, line: 2, lead: { email: "b@x.example" } });
  });
});

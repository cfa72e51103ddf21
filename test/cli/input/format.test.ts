import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/errors.js";
import { chooseFormat } from "../../../src/cli/input/format.js";

describe("chooseFormat", () => {
  it.each([
    ["leads.csv", undefined, "csv"],
    ["LEADS.CSV", undefined, "csv"],
    ["leads.jsonl", undefined, "jsonl"],
    ["leads.ndjson", undefined, "jsonl"],
    ["leads.txt", undefined, "csv"],
    ["leads.tsv", undefined, "csv"],
    ["leads.xlsx", undefined, "xlsx"],
    ["leads.dat", "csv", "csv"],
    ["leads.csv", "jsonl", "jsonl"],
    ["-", undefined, "csv"],
    ["-", "jsonl", "jsonl"],
  ] as const)("reads %s with --format %s as %s", (path, format, expected) => {
    expect(chooseFormat(path, format)).toBe(expected);
  });

  it("asks for --format when the extension says nothing", () => {
    expect(() => chooseFormat("leads.docx", undefined)).toThrow(CliUsageError);
    expect(() => chooseFormat("leads.docx", undefined)).toThrow(/pass --format csv\|jsonl\|xlsx/);
    expect(() => chooseFormat("leads.xls", undefined)).toThrow(/save it as .xlsx or CSV UTF-8/);
  });
});

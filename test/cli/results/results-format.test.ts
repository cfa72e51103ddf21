import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/errors.js";
import {
  resultsFormat,
  type ResultsSource,
  type RowData,
} from "../../../src/cli/results/results-format.js";

const csvSource: ResultsSource = {
  format: "csv",
  header: ["Email", " Name ", "instantly_status", "Notes"],
  names: ["Email", "Name", "instantly_status", "Notes"],
  delimiter: ";",
};
const created = { status: "created", id: "id-1", message: "" } as const;

describe("resultsFormat", () => {
  it("writes a CSV as Excel reads UTF-8: a BOM, the input's delimiter, CRLF, quotes where needed", () => {
    const format = resultsFormat("--results", "out.csv", csvSource);
    // An earlier results file's own column is written anew, not twice.
    expect(format.head).toBe(
      "\uFEFFEmail; Name ;Notes;instantly_status;instantly_lead_id;instantly_message\r\n",
    );
    const line = format.line(
      { cells: ["a@x.example", "Ann; Lee", "old", 'say "hi"\nbye'] },
      {
        status: "not_created",
        id: "",
        message: "the API counts it invalid; see",
      },
    );
    expect(line).toBe(
      'a@x.example;"Ann; Lee";"say ""hi""\nbye";not_created;;"the API counts it invalid; see"\r\n',
    );
  });

  it.each<[string, RowData, string]>([
    ["a short row as read", { cells: ["a@x.example"] }, "a@x.example;created;id-1;\r\n"],
    ["a skipped line filled out", { cells: ["Total"], fill: true }, "Total;;;created;id-1;\r\n"],
    [
      "a long row keeps its extra cells",
      { cells: ["a", "b", "c", "d", "e"] },
      "a;b;d;e;created;id-1;\r\n",
    ],
  ])("writes %s", (_name, data, expected) => {
    expect(resultsFormat("--results", "out.csv", csvSource).line(data, created)).toBe(expected);
  });

  it("uses a comma for an .xlsx input, a tab for .tsv", () => {
    const xlsx = { ...csvSource, format: "xlsx" as const, delimiter: undefined };
    expect(resultsFormat("--results", "out.csv", xlsx).head).toMatch(/^\uFEFFEmail, Name ,Notes,/);
    expect(resultsFormat("--results", "out.TSV", xlsx).head).toMatch(
      /^\uFEFFEmail\t Name \tNotes\t/,
    );
  });

  it("writes a table's rows to JSON Lines by the mapping's column names", () => {
    const format = resultsFormat("--errors", "out.jsonl", csvSource);
    expect(format.head).toBe("");
    const line = format.line({ cells: ["a@x.example", "Ann", "old", "n", "extra"] }, created);
    expect(JSON.parse(line)).toEqual({
      Email: "a@x.example",
      Name: "Ann",
      Notes: "n",
      "column 5": "extra",
      instantly_status: "created",
      instantly_lead_id: "id-1",
      instantly_message: "",
    });
    expect(line.endsWith("}\n")).toBe(true);
  });

  it("adds the outcome to a JSON Lines object, and keeps a value that is not one", () => {
    const source: ResultsSource = {
      format: "jsonl",
      header: undefined,
      names: undefined,
      delimiter: undefined,
    };
    const format = resultsFormat("--results", "out.ndjson", source);
    expect(JSON.parse(format.line({ value: { email: "a@x.example" } }, created))).toEqual({
      email: "a@x.example",
      instantly_status: "created",
      instantly_lead_id: "id-1",
      instantly_message: "",
    });
    const rejected = { status: "rejected", id: "", message: "not valid JSON" } as const;
    expect(JSON.parse(format.line({ value: "{oops" }, rejected))).toMatchObject({
      instantly_input: "{oops",
      instantly_status: "rejected",
    });
  });

  it.each([
    ["out.xlsx", csvSource, /name the file \.csv \(or \.tsv, \.txt\) or \.jsonl/],
    ["out", csvSource, /name the file/],
    [
      "out.csv",
      { format: "jsonl", header: undefined, names: undefined, delimiter: undefined } as const,
      /the input is JSON Lines, so its results are too; name the file \.jsonl/,
    ],
  ])("refuses %s with the fix", (path, source, message) => {
    const refuse = () => resultsFormat("--errors", path, source);
    expect(refuse).toThrow(CliUsageError);
    expect(refuse).toThrow(message);
  });
});

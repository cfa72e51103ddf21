import { describe, expect, it } from "vitest";
import type { CliReport } from "../../src/cli/cli-report.js";
import {
  formatAnomalies,
  formatDryRun,
  formatRejected,
  formatSummary,
  formatWarning,
} from "../../src/cli/summary.js";
import { RowWarnings } from "../../src/cli/row-warnings.js";
import { CAMPAIGN } from "./support/run-cli.js";

const warnings = new RowWarnings();
warnings.add({ index: 9, line: 11, row: "" }, [{ emailRepeats: 3 }]);
warnings.add({ index: 10, line: 12, row: "" }, [{ field: "email", message: "is odd" }]);

const report: CliReport = {
  input: { source: "leads.csv", format: "csv" },
  target: { campaign_id: CAMPAIGN },
  dry_run: false,
  stopped: null,
  input_count: 1234,
  resumed: 0,
  totals: {
    total_sent: 1200,
    leads_uploaded: 1100,
    in_blocklist: 11,
    duplicated_leads: 12,
    skipped_count: 13,
    invalid_email_count: 14,
    incomplete_count: 15,
    duplicate_email_count: 16,
  },
  remaining_in_plan: 98_900,
  existing_leads: [],
  unresolved: [],
  lookups: 0,
  refused: [],
  body_limit_bytes: null,
  rejected: [
    {
      index: 4,
      line: 6,
      row: ",Ann",
      issues: [
        { index: 4, field: "email", message: "is required for a campaign" },
        { index: 4, field: "", message: "is odd" },
      ],
    },
  ],
  warnings,
  failed: [
    {
      indices: [7, 8],
      message: "boom",
      replayed: false,
      rows: [
        { index: 7, line: 9, row: "a" },
        { index: 8, line: 10, row: "b" },
      ],
    },
  ],
  batches: { sent: 3, accepted: 2, failed: 1, refused: 0, retried: 1, replayed: 0, resumed: 0 },
  anomalies: [],
};

function rowOf(text: string, label: string): string | undefined {
  return text.split("\n").find((line) => line.trim().startsWith(`${label} `));
}

describe("formatSummary", () => {
  const text = formatSummary(report);

  it.each([
    ["input rows", "1,234"],
    ["total sent", "1,200"],
    ["leads uploaded", "1,100"],
    ["in blocklist", "11"],
    ["duplicated leads", "12"],
    ["skipped", "13"],
    ["invalid email", "14"],
    ["incomplete", "15"],
    ["duplicate email", "16"],
    ["rejected rows", "1"],
    ["failed rows", "2"],
    ["batches sent", "3"],
    ["batches accepted", "2"],
    ["batches failed", "1"],
    ["batches retried", "1"],
    ["batches replayed", "0"],
    ["remaining in plan", "98,900"],
  ])("has the row %s = %s", (label, value) => {
    expect(rowOf(text, label)?.trim().endsWith(` ${value}`)).toBe(true);
  });

  it("names the input and target, and shows resumed rows and the stop reason only when set", () => {
    expect(text.split("\n")[0]).toBe(`Import of leads.csv into campaign_id ${CAMPAIGN}`);
    expect(text).not.toMatch(/resumed|Stopped/);
    const resumed = formatSummary({
      ...report,
      resumed: 100,
      batches: { ...report.batches, resumed: 1 },
      stopped: "interrupted",
    });
    expect(rowOf(resumed, "resumed")).toMatch(/ 100$/);
    expect(rowOf(resumed, "batches resumed")).toMatch(/ 1$/);
    expect(resumed).toContain("Stopped early: interrupted");
  });

  it("shows id lookups, existing and unresolved rows only when ids were looked up", () => {
    expect(text).not.toMatch(/lookups|existing|unresolved/);
    const looked = formatSummary({
      ...report,
      lookups: 3,
      existing_leads: [{ index: 4, line: 6, id: "id-4", email: "a@x.example" }],
      unresolved: [{ index: 5, line: 7, row: "b@x.example", message: "not found" }],
    });
    expect(rowOf(looked, "id lookups")).toMatch(/ 3$/);
    expect(rowOf(looked, "existing rows (ids looked up)")).toMatch(/ 1$/);
    expect(rowOf(looked, "unresolved rows (no id found)")).toMatch(/ 1$/);
  });

  it("shows refused rows and the learned body limit only when there are some", () => {
    expect(text).not.toMatch(/refused|413/);
    const refused = formatSummary({
      ...report,
      refused: [{ index: 9, line: 11, row: "c", status: 400, message: "email is not valid" }],
      body_limit_bytes: 150_000,
      batches: { ...report.batches, refused: 2 },
    });
    expect(rowOf(refused, "refused rows")).toMatch(/ 1$/);
    expect(rowOf(refused, "batches refused (split)")).toMatch(/ 2$/);
    expect(refused).toContain("batches were cut to 150,000 bytes");
    expect(refused).toContain("The server refused 1 row, each sent alone");
  });

  it("prints a dash when the plan's remainder is unknown", () => {
    expect(
      rowOf(formatSummary({ ...report, remaining_in_plan: null }), "remaining in plan"),
    ).toMatch(/ -$/);
  });
});

describe("formatAnomalies", () => {
  it("says in one line per kind how the answers differed, in how many batches, with an example", () => {
    const anomalies = [
      { indices: [0, 1], kind: "total_sent_mismatch", detail: "total_sent 10 for 2 leads sent" },
      { indices: [0, 1], kind: "status", detail: 'status "queued"' },
      { indices: [2, 3], kind: "total_sent_mismatch", detail: "total_sent 10 for 2 leads sent" },
      {
        indices: [2, 3],
        kind: "created_index_missing",
        detail: "created_leads[0] (...) tied by its email to lead 1 of the batch",
      },
    ] as const;
    expect(formatAnomalies(anomalies.map((a) => ({ ...a, indices: [...a.indices] })))).toEqual([
      "  total_sent differed from the leads sent (total_sent_mismatch) in 2 batches, e.g. total_sent 10 for 2 leads sent",
      '  status was not success (status) in 1 batch, e.g. status "queued"',
      "  a created lead had no index (created_index_missing) in 1 batch, e.g. created_leads[0] (...) tied by its email to lead 1 of the batch",
    ]);
  });

  it("adds them under the summary table only when there are some", () => {
    expect(formatSummary(report)).not.toContain("differed");
    const text = formatSummary({
      ...report,
      anomalies: [{ indices: [5], kind: "not_json", detail: "an empty body" }],
    });
    expect(text).toContain(
      "The API's answers differed from its spec (every batch was still accepted; --report lists each):\n  the body was not JSON (not_json) in 1 batch, e.g. an empty body\n",
    );
  });
});

describe("formatDryRun", () => {
  it("lists rows, valid, rejected, warnings and batches", () => {
    const text = formatDryRun(report, 1233, 2);
    expect(text).toContain("nothing was sent");
    expect(rowOf(text, "rows")).toMatch(/ 1,234$/);
    expect(rowOf(text, "valid")).toMatch(/ 1,233$/);
    expect(rowOf(text, "rejected")).toMatch(/ 1$/);
    expect(rowOf(text, "warnings")).toMatch(/ 2$/);
    expect(rowOf(text, "batches")).toMatch(/ 2$/);
  });
});

describe("formatRejected", () => {
  it("gives one line per issue with the input line and field", () => {
    expect(formatRejected(report.rejected)).toEqual([
      "line 6, email: is required for a campaign",
      "line 6: is odd",
    ]);
  });
});

describe("formatWarning", () => {
  it("gives a warning's input line and field", () => {
    expect([...report.warnings].map(formatWarning)).toEqual([
      "line 11, email: repeats line 3",
      "line 12, email: is odd",
    ]);
  });
});

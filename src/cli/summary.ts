import { RESPONSE_COUNTERS } from "../leads/response.js";
import type { CliReport, RejectedRow } from "./report.js";

const count = new Intl.NumberFormat("en-US");

/** `invalid_email_count` -> `invalid email`: the response counter's spec name, readable. */
function counterLabel(name: string): string {
  return name.replace(/_count$/, "").replaceAll("_", " ");
}

function table(rows: ReadonlyArray<readonly [string, number | string]>): string {
  const cells = rows.map(([label, value]) => [
    label,
    typeof value === "number" ? count.format(value) : value,
  ]);
  const labelWidth = Math.max(...cells.map(([label]) => label?.length ?? 0));
  const valueWidth = Math.max(...cells.map(([, value]) => value?.length ?? 0));
  return cells
    .map(([label, value]) => `  ${label?.padEnd(labelWidth)}  ${value?.padStart(valueWidth)}`)
    .join("\n");
}

function targetText(report: CliReport): string {
  const [[name, id] = ["", ""]] = Object.entries(report.target);
  return `${name} ${id}`;
}

function failedRows(report: CliReport): number {
  return report.failed.reduce((sum, failure) => sum + failure.indices.length, 0);
}

/** The final table of every counter of an import. */
export function formatSummary(report: CliReport): string {
  const { batches } = report;
  const rows: Array<readonly [string, number | string]> = [
    ["input rows", report.input_count],
    ...(report.resumed > 0 ? [["resumed (accepted earlier)", report.resumed] as const] : []),
    ...RESPONSE_COUNTERS.map((name) => [counterLabel(name), report.totals[name]] as const),
    ["rejected rows", report.rejected.length],
    ["failed rows", failedRows(report)],
    ["batches sent", batches.sent],
    ["batches accepted", batches.accepted],
    ["batches failed", batches.failed],
    ["batches retried", batches.retried],
    ["batches replayed", batches.replayed],
    ...(batches.resumed > 0 ? [["batches resumed", batches.resumed] as const] : []),
    ...(report.lookups > 0
      ? ([
          ["id lookups", report.lookups],
          ["existing rows (ids looked up)", report.existing_leads.length],
          ["unresolved rows (no id found)", report.unresolved.length],
        ] as const)
      : []),
    ["remaining in plan", report.remaining_in_plan ?? "-"],
  ];
  const heading = `Import of ${report.input.source} into ${targetText(report)}`;
  const stopped = report.stopped === null ? "" : `\nStopped early: ${report.stopped}`;
  return `${heading}\n${table(rows)}${stopped}\n`;
}

/** What a dry run would send. */
export function formatDryRun(report: CliReport, valid: number, batches: number): string {
  const rows = [
    ["rows", report.input_count],
    ["valid", valid],
    ["rejected", report.rejected.length],
    ["batches", batches],
  ] as const;
  const heading = `Dry run of ${report.input.source} for ${targetText(report)}: nothing was sent`;
  return `${heading}\n${table(rows)}\n`;
}

/** One line per issue of each rejected row: `line 12, email: must match format "email"`. */
export function formatRejected(rejected: readonly RejectedRow[]): string[] {
  return rejected.flatMap((row) =>
    row.issues.map((issue) => {
      const where = `line ${row.line}`;
      return issue.field === ""
        ? `${where}: ${issue.message}`
        : `${where}, ${issue.field}: ${issue.message}`;
    }),
  );
}

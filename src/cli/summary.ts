import { formatIssue } from "../leads/errors.js";
import { ANOMALY_KINDS, type AnomalyKind, type ImportAnomaly } from "../leads/index.js";
import { RESPONSE_COUNTERS } from "../leads/response.js";
import type { CliReport, RejectedRow } from "./cli-report.js";
import type { RowWarning } from "./row-warnings.js";

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

/**
 * One line per kind of anomaly, saying how the API's 2xx answers differed from its spec, in how
 * many batches, with the first one's detail; `--report` holds every one.
 */
export function formatAnomalies(anomalies: readonly ImportAnomaly[]): string[] {
  const kinds = new Map<AnomalyKind, { batches: Set<number>; first: string }>();
  for (const { kind, detail, indices } of anomalies) {
    const seen = kinds.get(kind) ?? { batches: new Set<number>(), first: detail };
    // Batches do not overlap, so a batch is known by its first row.
    seen.batches.add(indices[0] ?? -1);
    kinds.set(kind, seen);
  }
  return [...kinds].map(([kind, { batches, first }]) => {
    const where = batches.size === 1 ? "1 batch" : `${count.format(batches.size)} batches`;
    return `  ${ANOMALY_KINDS[kind]} (${kind}) in ${where}, e.g. ${first}`;
  });
}

/** The final table of every counter of an import. */
export function formatSummary(report: CliReport): string {
  const { batches } = report;
  const rows: Array<readonly [string, number | string]> = [
    ["input rows", report.input_count],
    ...(report.resumed > 0 ? [["resumed (accepted earlier)", report.resumed] as const] : []),
    ...RESPONSE_COUNTERS.map((name) => [counterLabel(name), report.totals[name]] as const),
    ["rejected rows", report.rejected.length],
    ...(report.refused.length > 0 ? [["refused rows", report.refused.length] as const] : []),
    ["failed rows", failedRows(report)],
    ["batches sent", batches.sent],
    ["batches accepted", batches.accepted],
    ["batches failed", batches.failed],
    ...(batches.refused > 0 ? [["batches refused (split)", batches.refused] as const] : []),
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
  const limit =
    report.body_limit_bytes === null
      ? ""
      : `\nThe server refused a body as too large (413): batches were cut to ${count.format(report.body_limit_bytes)} bytes, the largest it accepted.`;
  const refused =
    report.refused.length === 0
      ? ""
      : `\nThe server refused ${count.format(report.refused.length)} row${report.refused.length === 1 ? "" : "s"}, each sent alone (the other rows of their batches were imported); --report lists them.`;
  const anomalies = formatAnomalies(report.anomalies);
  const differed =
    anomalies.length === 0
      ? ""
      : `\nThe API's answers differed from its spec (every batch was still accepted; --report lists each):\n${anomalies.join("\n")}`;
  return `${heading}\n${table(rows)}${stopped}${limit}${refused}${differed}\n`;
}

/** What a dry run would send. */
export function formatDryRun(report: CliReport, valid: number, batches: number): string {
  const rows = [
    ["rows", report.input_count],
    ["valid", valid],
    ["rejected", report.rejected.length],
    ["warnings", report.warnings.count],
    ["batches", batches],
  ] as const;
  const heading = `Dry run of ${report.input.source} for ${targetText(report)}: nothing was sent`;
  return `${heading}\n${table(rows)}\n`;
}

/** One line per issue of each rejected row: `line 12, email: must match format "email"`. */
export function formatRejected(rejected: readonly RejectedRow[]): string[] {
  return rejected.flatMap((row) =>
    row.issues.map((issue) => formatIssue(issue, `line ${row.line}`)),
  );
}

/** A warning of a dry run as a line: `line 14, email: repeats line 3`. */
export function formatWarning(warning: RowWarning): string {
  return formatIssue(warning, `line ${warning.line}`);
}

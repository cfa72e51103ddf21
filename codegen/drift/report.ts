import { LEVELS, type Change, type Level } from "./changes.js";
import { countByLevel, exitCodeFor } from "./check.js";
import { describeOperation } from "../spec/operations.js";

/** What a drift report is about: the two documents, the pinned operations, the changes and the verdict. */
export interface DriftReport {
  pinned: string;
  upstream: string;
  operations: string[];
  changes: Change[];
  /** The command's verdict; absent for a changelog that decides nothing (spec:update). */
  exitCode?: number;
}

const TITLES: Record<Level, string> = {
  breaking: "Breaking",
  "non-breaking": "Non-breaking",
  docs: "Docs (notices, not contract drift)",
};

/** Plain-text changelog grouped by level, then operation, with the JSON path of each change. */
export function renderText(report: DriftReport): string {
  const lines = [
    `Spec drift of ${report.operations.join(", ")}`,
    `  pinned:   ${report.pinned}`,
    `  upstream: ${report.upstream}`,
    `  ${summary(report.changes)}`,
  ];
  for (const [level, changes] of grouped(report.changes)) {
    const hint = level === "docs" ? " - notices, not contract drift" : "";
    lines.push("", `${level.toUpperCase()} (${changes.length})${hint}`);
    let operation = "";
    for (const change of changes) {
      const label = describeOperation(change.operation);
      if (label !== operation) lines.push(`  ${(operation = label)}`);
      lines.push(`    [${change.kind}] ${change.message}`);
      if (change.note) lines.push(`      note: ${change.note}`);
      lines.push(`      at ${change.path}`);
    }
  }
  if (report.exitCode !== undefined) lines.push("", verdict(report.changes, report.exitCode));
  return `${lines.join("\n")}\n`;
}

/** Markdown changelog (for a CI step summary or a pull request). */
export function renderMarkdown(report: DriftReport): string {
  const lines = [
    `## Spec drift: ${report.operations.map((o) => `\`${o}\``).join(", ")}`,
    "",
    `Pinned: \`${report.pinned}\` · Upstream: \`${report.upstream}\``,
    "",
    `**${verdict(report.changes, report.exitCode ?? exitCodeFor(report.changes, false))}**`,
    "",
    "| Level | Changes |",
    "| --- | ---: |",
    ...LEVELS.map((level) => `| ${TITLES[level]} | ${countByLevel(report.changes)[level]} |`),
  ];
  for (const [level, changes] of grouped(report.changes)) {
    lines.push(
      "",
      `### ${TITLES[level]}`,
      "",
      "| Kind | Operation | Change | JSON path |",
      "| --- | --- | --- | --- |",
    );
    for (const change of changes) {
      const message = change.note ? `${change.message} (note: ${change.note})` : change.message;
      const cells = [
        `\`${change.kind}\``,
        describeOperation(change.operation),
        message,
        `\`${change.path}\``,
      ];
      lines.push(`| ${cells.map(cell).join(" | ")} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Machine-readable report. */
export function renderJson(report: DriftReport): string {
  const { pinned, upstream, operations, exitCode, changes } = report;
  return `${JSON.stringify({ pinned, upstream, operations, exitCode, summary: countByLevel(changes), changes }, null, 2)}\n`;
}

function grouped(changes: Change[]): Array<[Level, Change[]]> {
  return LEVELS.map((level): [Level, Change[]] => [
    level,
    changes.filter((c) => c.level === level),
  ]).filter(([, list]) => list.length > 0);
}

function summary(changes: Change[]): string {
  const counts = countByLevel(changes);
  return LEVELS.map((level) => `${counts[level]} ${level}`).join(", ");
}

function verdict(changes: Change[], exitCode: number): string {
  if (exitCode === 0) {
    return changes.length === 0
      ? "No drift: the pinned operations match upstream (exit 0)."
      : "No contract drift: documentation changes only (exit 0).";
  }
  const contract = changes.some((c) => c.level !== "docs");
  return contract
    ? `Contract drift: the generated client no longer matches upstream; run npm run spec:update (exit ${exitCode}).`
    : `Documentation drift, failing because of --strict (exit ${exitCode}).`;
}

// Table cells: pipes would split the cell and newlines would end the row.
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

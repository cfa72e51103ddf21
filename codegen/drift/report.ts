import { LEVELS, type Change, type Level } from "./changes.js";
import { changesOf, countByLevel, exitCodeFor, verdictsOf } from "./check.js";
import { INVALID_OPERATION } from "./classify.js";
import { isExampleChange } from "./classify-schema.js";
import { describeOperation } from "../spec/document-operations.js";

/** What a drift report is about: the two documents, the pinned operations, the changes and the verdict. */
export interface DriftReport {
  pinned: string;
  upstream: string;
  operations: string[];
  changes: Change[];
  /** What the check found wrong with upstream beyond the changes (a document broken elsewhere). */
  notices?: string[];
  /** The command's verdict; absent for a changelog that decides nothing (spec:update). */
  exitCode?: number;
}

/** How much to show: changes to examples are counted per operation unless `verbose`. */
export interface RenderOptions {
  verbose?: boolean;
}

const TITLES: Record<Level, string> = {
  breaking: "Breaking",
  "non-breaking": "Non-breaking",
  docs: "Docs (notices, not contract drift)",
};

const EXAMPLES_HINT = "listed with --verbose and in --json";

/** Plain-text changelog grouped by level, then operation, with the JSON path of each change. */
export function renderText(report: DriftReport, { verbose = false }: RenderOptions = {}): string {
  const verdicts = verdictsOf(report.operations, report.changes);
  const lines = [
    `Spec drift of ${report.operations.join(", ")}`,
    `  pinned:   ${report.pinned}`,
    `  upstream: ${report.upstream}`,
    `  ${summary(report.changes)}`,
    `  per operation: ${Object.entries(verdicts)
      .map(([pin, verdict]) => `${pin} ${verdict}`)
      .join(", ")}`,
  ];
  for (const notice of report.notices ?? []) lines.push("", `NOTICE: ${notice}`);
  for (const [level, changes] of grouped(report.changes)) {
    const hint = level === "docs" ? " - notices, not contract drift" : "";
    lines.push("", `${level.toUpperCase()} (${changes.length})${hint}`);
    for (const [label, own] of byOperation(changes)) {
      lines.push(`  ${label}`);
      const examples = own.filter(isExampleChange).length;
      for (const change of verbose ? own : own.filter((c) => !isExampleChange(c))) {
        lines.push(`    [${change.kind}] ${change.message}`);
        if (change.note) lines.push(`      note: ${change.note}`);
        lines.push(`      at ${change.path}`);
      }
      if (examples > 0 && !verbose) lines.push(`    ${examplesCount(examples)} (${EXAMPLES_HINT})`);
    }
  }
  if (report.exitCode !== undefined) lines.push("", verdict(report.changes, report.exitCode));
  return `${lines.join("\n")}\n`;
}

/** Markdown changelog (for a CI step summary or a pull request). */
export function renderMarkdown(
  report: DriftReport,
  { verbose = false }: RenderOptions = {},
): string {
  const counts = countByLevel(report.changes);
  const lines = [
    `## Spec drift: ${report.operations.map((o) => `\`${o}\``).join(", ")}`,
    "",
    `Pinned: \`${report.pinned}\` · Upstream: \`${report.upstream}\``,
    "",
    ...(report.notices ?? []).flatMap((notice) => [`> **Notice:** ${cell(notice)}`, ""]),
    `**${verdict(report.changes, report.exitCode ?? exitCodeFor(report.changes, false))}**`,
    "",
    "| Level | Changes |",
    "| --- | ---: |",
    ...LEVELS.map((level) => `| ${TITLES[level]} | ${counts[level]} |`),
    "",
    "| Operation | Verdict | Breaking | Non-breaking | Docs | of which examples |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const [pin, verdict] of Object.entries(verdictsOf(report.operations, report.changes))) {
    const own = changesOf(pin, report.changes);
    const n = countByLevel(own);
    const examples = own.filter(isExampleChange).length;
    lines.push(
      `| \`${pin}\` | ${verdict} | ${n.breaking} | ${n["non-breaking"]} | ${n.docs} | ${examples} |`,
    );
  }
  for (const [level, all] of grouped(report.changes)) {
    const changes = verbose ? all : all.filter((c) => !isExampleChange(c));
    const hidden = all.length - changes.length;
    lines.push("", `### ${TITLES[level]}`, "");
    if (changes.length > 0) {
      lines.push("| Kind | Operation | Change | JSON path |", "| --- | --- | --- | --- |");
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
    if (hidden > 0) {
      if (changes.length > 0) lines.push("");
      lines.push(
        `${examplesCount(hidden)}, counted per operation above, not listed (\`--verbose\` lists them; \`--json\` always does).`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Machine-readable report: every change, examples included. */
export function renderJson(report: DriftReport): string {
  const { pinned, upstream, operations, exitCode, changes, notices = [] } = report;
  const json = {
    pinned,
    upstream,
    operations,
    exitCode,
    summary: countByLevel(changes),
    verdicts: verdictsOf(operations, changes),
    notices,
    changes,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function grouped(changes: Change[]): Array<[Level, Change[]]> {
  return LEVELS.map((level): [Level, Change[]] => [
    level,
    changes.filter((c) => c.level === level),
  ]).filter(([, list]) => list.length > 0);
}

// Changes by operation label, in the order the operations first appear.
function byOperation(changes: Change[]): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const label = describeOperation(change.operation);
    groups.set(label, [...(groups.get(label) ?? []), change]);
  }
  return groups;
}

function summary(changes: Change[]): string {
  const counts = countByLevel(changes);
  const examples = changes.filter(isExampleChange).length;
  const line = LEVELS.map((level) => `${counts[level]} ${level}`).join(", ");
  return examples > 0 ? `${line} (${examples} of them examples)` : line;
}

function examplesCount(count: number): string {
  return `${count} change${count === 1 ? "" : "s"} to examples`;
}

function verdict(changes: Change[], exitCode: number): string {
  if (exitCode === 0) {
    return changes.length === 0
      ? "No drift: the pinned operations match upstream (exit 0)."
      : "No contract drift: documentation changes only (exit 0).";
  }
  const broken = [
    ...new Set(changes.filter(isInvalidOperation).map((c) => describeOperation(c.operation))),
  ];
  if (broken.length > 0)
    return `Contract problem: upstream's definition of ${broken.join(", ")} is not valid OpenAPI, so it cannot be compared, and spec:update cannot take it until upstream fixes it (exit ${exitCode}).`;
  const contract = changes.some((c) => c.level !== "docs");
  return contract
    ? `Contract drift: the generated client no longer matches upstream; run npm run spec:update (exit ${exitCode}).`
    : `Documentation drift, failing because of --strict (exit ${exitCode}).`;
}

/** Whether a change says that upstream's definition of the operation is broken. */
export function isInvalidOperation(change: Change): boolean {
  return change.kind === INVALID_OPERATION;
}

// Table cells: pipes would split the cell and newlines would end the row.
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

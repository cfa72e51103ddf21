import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Change } from "../../codegen/drift/changes.js";
import { readPin } from "../../codegen/spec/pin.js";
import { repositoryDrift, repositoryReport, ROOT } from "./harness.js";
import { historyText, HISTORY_DATES, type HistoryDate } from "./fixtures.js";

// Replays real dated copies of upstream (test/drift/history/README.md) against the repository's
// own pinned spec and pin, as the scheduled job would have seen them on those days.
const PINS = readPin(join(ROOT, "spec/pin.json")).operations;
const ADD = "paths./api/v2/leads/add.post";
const LEAD = `${ADD}.requestBody.content.application/json.schema.properties.leads.items.properties`;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "drift-history-"));
  for (const date of HISTORY_DATES) await writeFile(copyPath(date), historyText(date));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function copyPath(date: HistoryDate): string {
  return join(dir, `instantly-api-v2.${date}.json`);
}

// Each check of a copy is run once per file and its result shared (read only) by the tests.
const runs = new Map<string, Promise<unknown>>();
function once<T>(key: string, run: () => Promise<T>): Promise<T> {
  if (!runs.has(key)) runs.set(key, run());
  return runs.get(key) as Promise<T>;
}

async function drift(date: HistoryDate, args: string[] = ["--json"]) {
  const { exitCode, stdout, stderr } = await once(`${date} ${args.join(" ")}`, () =>
    repositoryDrift(copyPath(date), args),
  );
  expect(stderr).toBe("");
  return { exitCode, stdout };
}

const report = (date: HistoryDate) =>
  once(`${date} report`, () => repositoryReport(copyPath(date)));

const contract = (changes: Change[], operationId: string) =>
  changes
    .filter((c) => c.operation.operationId === operationId && c.level !== "docs")
    .map((c) => [c.level, c.kind, c.path]);

// What history/README.md says each copy shows for bulkAddLeads (its contract changes).
const BULK_ADD_LEADS: Record<HistoryDate, [string, string, string][]> = {
  "2025-09-16": [["breaking", "operation-removed", ADD]],
  "2025-12-05": [
    ["breaking", "request-property-removed", `${LEAD}.job_title`],
    ["breaking", "request-property-enum-value-removed", `${LEAD}.lt_interest_status.enum`],
    ["non-breaking", "response-non-success-status-removed", `${ADD}.responses.402`],
    ["non-breaking", "response-non-success-status-removed", `${ADD}.responses.404`],
  ],
  "2026-03-29": [],
  "2026-06-12": [],
};

describe("the drift check on upstream's real history", () => {
  it.each(HISTORY_DATES)(
    "%s: bulkAddLeads as history/README.md says, a verdict on every pinned operation",
    async (date) => {
      const { exitCode, verdicts, changes } = await report(date);
      expect(contract(changes, "bulkAddLeads")).toEqual(BULK_ADD_LEADS[date]);
      expect(Object.keys(verdicts)).toEqual(PINS);
      for (const verdict of Object.values(verdicts))
        expect(["breaking", "non-breaking", "docs", "unchanged"]).toContain(verdict);
      expect(changes.filter((c) => c.kind === "operation-invalid")).toEqual([]);
      // Every copy differs from the pinned spec somewhere in the contract (see the README).
      expect(exitCode).toBe(1);
    },
  );

  it("2025-12-05: -4 is the enum value removed, and created_leads is in the 200 body", async () => {
    const { changes } = await report("2025-12-05");
    const removed = changes.find((c) => c.kind === "request-property-enum-value-removed");
    expect(removed?.message).toMatch(/enum value -4 removed/);
    const contractChanges = changes.filter((c) => c.level !== "docs");
    expect(contractChanges.filter((c) => c.path.includes("created_leads"))).toEqual([]);
  });

  it.each(["2026-03-29", "2026-06-12"] as const)(
    "%s: bulkAddLeads docs only; listCampaign lacks exclude_status (breaking)",
    async (date) => {
      const { verdicts, changes } = await report(date);
      expect(verdicts["bulkAddLeads"]).toBe("docs");
      expect(verdicts["listCampaign"]).toBe("breaking");
      const removed = changes.filter((c) => c.kind === "request-parameter-removed");
      expect(removed.map((c) => c.message)).toEqual(["query parameter `exclude_status` removed"]);
    },
  );

  it("2025-09-16: the dangling $ref outside the pinned operations is one notice, not exit 2", async () => {
    const { verdicts, notices } = await report("2025-09-16");
    expect(verdicts["bulkAddLeads"]).toBe("breaking");
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /outside the pinned operations: \$ref "#\/components\/schemas\/def-38" points to nothing \(at paths\.\/api\/v2\/webhook-events\.get\.responses\.200\.[^,]*, paths\.\/api\/v2\/webhook-events\/\{id\}\.get\.responses\.200\.[^)]*\)/,
    );
    const text = await drift("2025-09-16", []);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain(`NOTICE: ${notices[0]}`);
  });

  it.each(HISTORY_DATES)(
    "%s: changes to examples are counted per operation unless --verbose",
    async (date) => {
      const { changes } = await report(date);
      const isExample = (c: Change) => /^examples?-changed$/.test(c.kind);
      const examples = changes.filter(isExample);
      expect(examples.length).toBeGreaterThan(80);
      const { stdout: text } = await drift(date, []);
      const { stdout: verbose } = await drift(date, ["--verbose"]);
      const listed = (out: string) =>
        out.split("\n").filter((l) => /^ {4}\[examples?-changed\]/.test(l));
      expect(listed(text)).toEqual([]);
      expect(listed(verbose)).toHaveLength(examples.length);
      // One count line per operation with changes to examples, each with that operation's number.
      const counted = [
        ...text.matchAll(/^ {2}(\w+) .*\n(?: {4}.*\n)*? {4}(\d+) changes? to examples/gm),
      ];
      const perOperation = new Map<string, number>();
      for (const c of examples)
        perOperation.set(
          c.operation.operationId,
          (perOperation.get(c.operation.operationId) ?? 0) + 1,
        );
      expect(new Map(counted.map((m) => [m[1]!, Number(m[2])]))).toEqual(perOperation);
      // Descriptions are still listed.
      const descriptions = changes.filter((c) => c.kind === "description-changed").length;
      expect(
        text.split("\n").filter((l) => l.startsWith("    [description-changed]")),
      ).toHaveLength(descriptions);
      // Each listed change takes two lines (the change and where); each operation, one count line.
      expect(text.split("\n").length).toBe(
        verbose.split("\n").length - 2 * examples.length + perOperation.size,
      );
    },
  );

  it("markdown (job summary, pull request body) counts examples per operation unless --verbose", async () => {
    const { changes } = await report("2026-06-12");
    const { stdout: markdown } = await drift("2026-06-12", ["--markdown"]);
    const { stdout: verbose } = await drift("2026-06-12", ["--markdown", "--verbose"]);
    const rows = (out: string) => out.split("\n").filter((l) => /^\| `examples?-changed`/.test(l));
    const examples = changes.filter((c) => /^examples?-changed$/.test(c.kind));
    expect(rows(markdown)).toEqual([]);
    expect(rows(verbose)).toHaveLength(examples.length);
    const own = examples.filter((c) => c.operation.operationId === "bulkAddLeads").length;
    expect(markdown).toContain(`| \`bulkAddLeads\` | docs | 0 | 0 | ${own} | ${own} |`);
    expect(markdown).toContain(
      `${examples.length} changes to examples, counted per operation above, not listed`,
    );
  });
});

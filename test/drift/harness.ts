import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Change } from "../../codegen/drift/changes.js";
import { runDrift } from "../../codegen/drift/run.js";
import { capture, pinnedSpec, serve, toOpenApi30, workspace, type Json } from "./fixtures.js";

/** The repository's root: checks run there use its own spec/pin.json and pinned spec. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The JSON report of `npm run drift -- --json`. */
export interface DriftJson {
  exitCode: number;
  verdicts: Record<string, string>;
  notices: string[];
  changes: Change[];
}

/** Runs the drift check of the repository's pinned operations against an upstream file. */
export async function repositoryDrift(upstream: string, args: string[] = []) {
  const { io, output } = capture();
  const exitCode = await runDrift(["--upstream", upstream, ...args], output, ROOT);
  return { exitCode, ...io };
}

/** The JSON report of repositoryDrift; it must say nothing on stderr and agree with the exit code. */
export async function repositoryReport(upstream: string): Promise<DriftJson> {
  const { exitCode, stdout, stderr } = await repositoryDrift(upstream, ["--json"]);
  expect(stderr).toBe("");
  const report = JSON.parse(stdout) as DriftJson;
  expect(report.exitCode).toBe(exitCode);
  return report;
}

/** A change the check must report: its level, kind code and JSON path. */
export type Expected = [level: Change["level"], kind: string, path: string];

/** One row of a drift table: how upstream differs from the pinned spec, and what must be found. */
export interface DriftCase {
  name: string;
  /** Changes the pinned side too (when a case needs a schema the real spec does not have). */
  base?: (doc: Json) => void;
  upstream: (doc: Json) => void;
  expected: Expected[];
  openapi30?: boolean;
}

/** Serves upstream documents on loopback for the enclosing describe; returns the check runner. */
export function driftServer() {
  let served = "";
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(served);
    });
  });
  afterAll(() => server.close());

  return async function check(base: Json, upstream: Json, extra: string[] = []) {
    const space = await workspace(base);
    try {
      served = JSON.stringify(upstream); // minified: whitespace must never count
      const { io, output } = capture();
      const pinned = ["--spec", space.specPath, "--pin", space.pinPath];
      const exitCode = await runDrift(
        ["--upstream", server.url, ...pinned, "--json", ...extra],
        output,
      );
      expect(io.stderr).toBe("");
      const report = JSON.parse(io.stdout) as { exitCode: number; changes: Change[] };
      expect(report.exitCode).toBe(exitCode);
      return { exitCode, changes: report.changes };
    } finally {
      await space.remove();
    }
  };
}

/** One test per row: exactly the expected changes, and exit 1 when any of them is a contract change. */
export function runCases(cases: DriftCase[], check: ReturnType<typeof driftServer>): void {
  it.each(cases)("$name", async ({ base, upstream, expected, openapi30 }) => {
    const pinned = openapi30 ? toOpenApi30(pinnedSpec()) : pinnedSpec();
    base?.(pinned);
    const next = structuredClone(pinned);
    upstream(next);
    const { exitCode, changes } = await check(pinned, next);
    // Order within the report is not part of the contract: compare as sorted lists.
    const found = changes.map((c): Expected => [c.level, c.kind, c.path]);
    expect(found.sort(byPath)).toEqual([...expected].sort(byPath));
    expect(exitCode).toBe(expected.some(([level]) => level !== "docs") ? 1 : 0);
  });
}

function byPath(a: Expected, b: Expected): number {
  return `${a[2]} ${a[1]}`.localeCompare(`${b[2]} ${b[1]}`);
}

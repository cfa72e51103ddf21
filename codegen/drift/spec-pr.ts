import { spawn } from "node:child_process";
import { appendFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { Change } from "./changes.js";
import { countByLevel } from "./check.js";
import { SOURCE_OPTIONS, UsageError, parseCli, type Output } from "./cli.js";
import { isInvalidOperation, renderMarkdown, type DriftReport } from "./report.js";
import { runDrift } from "./run.js";
import { runSpecUpdate } from "./update.js";

const OPTIONS = {
  ...SOURCE_OPTIONS,
  out: { type: "string" },
  body: { type: "string" },
  "test-command": { type: "string" },
  "no-test": { type: "boolean" },
  "github-output": { type: "string" },
  verbose: { type: "boolean" },
} as const;

/** Usage of `npm run spec:pr`. */
export const SPEC_PR_USAGE = `Usage: npm run spec:pr -- [options]
The scheduled drift workflow's decision: on contract drift of the pinned operations, runs
spec:update (spec, pin, generated code), runs the tests and writes the pull request's body
(the changelog and the test result); on no drift or documentation changes only, changes nothing.
Prints the changelog (markdown); writes pull-request=true|false, title and body-path to
--github-output (default: $GITHUB_OUTPUT, if set).

  --upstream URL|FILE    upstream document (default: "upstream" in the pin)
  --spec FILE            pinned spec (default: the pin's "spec", next to the pin)
  --pin FILE             pin file (default: spec/pin.json)
  --out DIR              folder to regenerate (default: generated)
  --body FILE            where to write the pull request body (default: spec-pr-body.md)
  --test-command CMD     the tests to run after the update (default: npm test)
  --no-test              do not run the tests
  --github-output FILE   where to write the step outputs
  --verbose              list every change to examples (by default counted per operation)
  --timeout-ms N         upstream timeout (default 30000)
  --max-bytes N          upstream size cap (default 52428800)

Exit codes: 0 a decision was taken (pull request or none); 1 a pinned operation's definition is
broken upstream (no pull request: spec:update cannot take it); 2 upstream unusable or update failed.
`;

/** The tail of the test output kept in the body: enough to see what failed. */
const TEST_OUTPUT_LINES = 60;

/**
 * Runs the drift check and, on contract drift, spec:update and the tests; writes the pull request
 * body and the step outputs. Resolves to the exit code; a failing test run still yields a pull
 * request, whose body says so.
 */
export async function runSpecPr(
  argv: string[],
  io: Output,
  cwd = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  let values;
  try {
    values = parseCli(argv, OPTIONS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`spec:pr: ${error.message}\n\n${SPEC_PR_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(SPEC_PR_USAGE);
    return 0;
  }
  const source = [
    ...flag("--upstream", values.upstream),
    ...flag("--spec", values.spec),
    ...flag("--pin", values.pin),
    ...flag("--timeout-ms", values["timeout-ms"]),
    ...flag("--max-bytes", values["max-bytes"]),
  ];
  const githubOutput = values["github-output"] ?? env.GITHUB_OUTPUT;
  const drift = captured();
  const driftCode = await runDrift([...source, "--json"], drift.output, cwd);
  if (driftCode === 2) {
    io.err(drift.stderr());
    return 2;
  }
  const report = JSON.parse(drift.stdout()) as DriftReport & { changes: Change[] };
  const render = { verbose: values.verbose === true };
  io.out(renderMarkdown(report, render));
  if (driftCode === 0) {
    const why = report.changes.length === 0 ? "no drift" : "documentation changes only";
    io.out(`\nNo pull request: ${why}.\n`);
    await writeOutputs(githubOutput, { "pull-request": "false" });
    return 0;
  }
  if (report.changes.some(isInvalidOperation)) {
    io.out("\nNo pull request: upstream's definition of a pinned operation is broken.\n");
    await writeOutputs(githubOutput, { "pull-request": "false" });
    return 1;
  }
  const update = captured();
  const out = ["--out", resolve(cwd, values.out ?? "generated")];
  if ((await runSpecUpdate([...source, ...out], update.output, cwd)) !== 0) {
    io.err(`spec:pr: spec:update failed:\n${update.stderr()}`);
    return 2;
  }
  const command = values["test-command"] ?? "npm test";
  const tests = values["no-test"] ? undefined : await runTests(command, cwd);
  const counts = countByLevel(report.changes);
  const title = `Spec update: ${counts.breaking} breaking, ${counts["non-breaking"]} non-breaking change(s) upstream`;
  const bodyPath = resolve(cwd, values.body ?? "spec-pr-body.md");
  const body = pullRequestBody(renderMarkdown(report, render), update.stdout(), command, tests);
  await writeFile(bodyPath, body);
  await writeOutputs(githubOutput, { "pull-request": "true", title, "body-path": bodyPath });
  const result = tests === undefined ? "not run" : tests.code === 0 ? "passed" : "FAILED";
  io.out(`\nPull request: ${title}; tests ${result}; body in ${bodyPath}.\n`);
  return 0;
}

function flag(name: string, value: string | undefined): string[] {
  return value === undefined ? [] : [name, value];
}

function captured() {
  let stdout = "";
  let stderr = "";
  return {
    output: {
      out: (text: string) => void (stdout += text),
      err: (text: string) => void (stderr += text),
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** Runs the test command in a shell; its exit code and its output (stdout and stderr, interleaved). */
function runTests(command: string, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, { cwd, shell: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => void (output += chunk.toString());
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function pullRequestBody(
  changelog: string,
  updateLog: string,
  command: string,
  tests: { code: number; output: string } | undefined,
): string {
  const lines = [
    changelog.trimEnd(),
    "",
    "## What this pull request changes",
    "",
    "`npm run spec:update` re-extracted the pinned operations from upstream and regenerated:",
    "",
    "```",
    // Its changelog is the one above; what it wrote is what the pull request commits.
    ...updateLog.split("\n").filter((line) => /^(wrote|regenerated) /.test(line)),
    "```",
    "",
    `## \`${command}\``,
    "",
  ];
  if (tests === undefined) {
    lines.push("Not run.");
  } else {
    // Stripped of colour codes: the body is markdown, not a terminal.
    const tail = stripVTControlCharacters(tests.output)
      .trimEnd()
      .split("\n")
      .slice(-TEST_OUTPUT_LINES);
    lines.push(
      tests.code === 0 ? "**Passed.**" : `**Failed (exit ${tests.code}).**`,
      "",
      `<details><summary>Last ${tail.length} lines of output</summary>`,
      "",
      "```",
      ...tail,
      "```",
      "",
      "</details>",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Appends `name=value` lines for the workflow's later steps (values are single lines). */
async function writeOutputs(file: string | undefined, outputs: Record<string, string>) {
  if (file === undefined) return;
  const text = Object.entries(outputs)
    .map(([name, value]) => `${name}=${value.replace(/\n/g, " ")}\n`)
    .join("");
  await appendFile(file, text);
}

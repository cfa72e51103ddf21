import { execFileSync } from "node:child_process";
import { open, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { IndexRange } from "../../src/cli/index-ranges.js";
import type { CliReport } from "../../src/cli/cli-report.js";
import {
  startFakeInstantly,
  type FakeFault,
  type FakeInstantly,
  type FakeInstantlyOptions,
} from "../../src/testing/index.js";
import { EXIT } from "../../src/cli/errors.js";
import { ABORT_GRACE_MS } from "../../src/cli/interrupt.js";
import { CAMPAIGN, runCli, spawnCli, tempFolder } from "./support/run-cli.js";

const KEY = "resume-test-key-123456";
const ROWS = 600;
let folder: Awaited<ReturnType<typeof tempFolder>>;
let csv: string;
let fake: FakeInstantly | undefined;
beforeAll(async () => {
  folder = await tempFolder();
  const lines = Array.from({ length: ROWS }, (_, index) => `lead${index}@x.example,Lead ${index}`);
  csv = await folder.file("leads.csv", `Email,First Name\n${lines.join("\n")}\n`);
});
afterAll(() => folder.remove());
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/**
 * A fake that also records the emails of every request it receives, by request number, and plays
 * `fault` for each, given its number and its emails.
 */
async function serve(
  options: FakeInstantlyOptions = {},
  fault: (requestNumber: number, emails: string[]) => FakeFault | undefined = () => undefined,
) {
  const sent = new Map<number, string[]>();
  fake = await startFakeInstantly({
    apiKey: KEY,
    campaigns: [CAMPAIGN],
    ...options,
    faults: ({ requestNumber, body }) => {
      const leads = (body as { leads?: Array<{ email?: string }> }).leads ?? [];
      const emails = leads.map((lead) => lead.email ?? "");
      sent.set(requestNumber, emails);
      return fault(requestNumber, emails);
    },
  });
  return { server: fake, sent };
}

function args(server: FakeInstantly, journal: string, extra: string[] = []): string[] {
  return [
    "import",
    csv,
    "--campaign-id",
    CAMPAIGN,
    "--base-url",
    server.url,
    "--journal",
    journal,
    ...extra,
  ];
}

async function journaledRows(journal: string): Promise<number[]> {
  const text = await readFile(journal, "utf8").catch(() => "");
  const lines = text.split("\n").filter((line) => line.startsWith('{"type":"batch"'));
  return lines.flatMap((line) =>
    (JSON.parse(line) as { rows: IndexRange[] }).rows.flatMap(([first, last]) =>
      Array.from({ length: last - first + 1 }, (_, offset) => first + offset),
    ),
  );
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("--journal", () => {
  it("resumes after a kill: only batches the journal lacks are sent again, every lead lands once", async () => {
    const { server, sent } = await serve({ latencyMs: 150 });
    const journal = `${folder.path}/kill.journal`;
    const first = spawnCli(args(server, journal, ["--batch-size", "50", "--concurrency", "2"]), {
      env: { INSTANTLY_API_KEY: KEY },
    });
    await waitFor(async () => (await journaledRows(journal)).length >= 150, "3 journaled batches");
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    const journaled = new Set(await journaledRows(journal));
    expect(journaled.size).toBeLessThan(ROWS);
    const requestsBefore = server.state.requests;

    const report = `${folder.path}/resume-report.json`;
    const second = await runCli(args(server, journal, ["--batch-size", "50", "--report", report]), {
      env: { INSTANTLY_API_KEY: KEY },
    });
    expect(second.code).toBe(0);
    const resent = [...sent]
      .filter(([number]) => number > requestsBefore)
      .flatMap(([, emails]) => emails);
    const journaledEmails = [...journaled].map((index) => `lead${index}@x.example`);
    expect(resent.filter((email) => journaledEmails.includes(email))).toEqual([]);
    const landed = server.state.leads.map((lead) => lead.email);
    expect(new Set(landed).size).toBe(ROWS);
    expect(landed).toHaveLength(ROWS);

    const written = JSON.parse(await readFile(report, "utf8")) as CliReport & {
      created_leads: unknown[];
    };
    expect(written).toMatchObject({ input_count: ROWS, resumed: journaled.size, stopped: null });
    expect(written.totals.total_sent).toBe(ROWS);
    expect(written.created_leads.length).toBe(written.totals.leads_uploaded);
    expect(second.stdout).toMatch(
      new RegExp(`resumed \\(accepted earlier\\)\\s+${journaled.size}`),
    );
  }, 60_000);

  it("refuses to resume with another input or another target (exit 2)", async () => {
    const { server } = await serve();
    const journal = `${folder.path}/mismatch.journal`;
    const env = { env: { INSTANTLY_API_KEY: KEY } };
    const small = await folder.file("small.csv", "Email\nsmall@x.example\n");
    const base = ["--campaign-id", CAMPAIGN, "--base-url", server.url, "--journal", journal];
    expect((await runCli(["import", small, ...base], env)).code).toBe(0);
    const otherInput = await runCli(["import", csv, ...base], env);
    expect(otherInput.code).toBe(2);
    expect(otherInput.stderr).toMatch(/cannot be resumed: .*the input differs/);
    const otherTarget = await runCli(
      [
        "import",
        small,
        ...["--list-id", CAMPAIGN, "--no-preflight"],
        ...["--base-url", server.url, "--journal", journal],
      ],
      env,
    );
    expect(otherTarget.code).toBe(2);
    expect(otherTarget.stderr).toMatch(/cannot be resumed: it was started for/);
    expect(server.state.requests).toBe(1);
  });
});

describe("Ctrl-C", () => {
  it("stops cleanly on SIGINT: report written, every row read accounted for, exit 130", async () => {
    const { server } = await serve({ latencyMs: 300 });
    const journal = `${folder.path}/sigint.journal`;
    const report = `${folder.path}/sigint-report.json`;
    const run = spawnCli(
      args(server, journal, ["--batch-size", "50", "--concurrency", "2", "--report", report]),
      {
        env: { INSTANTLY_API_KEY: KEY },
      },
    );
    await waitFor(async () => (await journaledRows(journal)).length >= 50, "a journaled batch");
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(EXIT.interrupted);
    expect(result.stderr).toContain("Stopping");
    expect(result.stdout).toMatch(
      /Stopped early: interrupted; run the same command again to resume/,
    );
    const written = JSON.parse(await readFile(report, "utf8")) as CliReport;
    expect(written.stopped).toMatch(/^interrupted/);
    const failed = written.failed.reduce((sum, failure) => sum + failure.indices.length, 0);
    expect(written.totals.total_sent + written.rejected.length + failed).toBe(written.input_count);
    expect(written.input_count).toBeLessThan(ROWS);
    expect(new Set(await journaledRows(journal)).size).toBe(written.totals.total_sent);
  }, 60_000);

  it("stops on SIGINT while standard input is open and idle, and does not hang", async () => {
    const { server } = await serve();
    const run = spawnCli(["import", "-", "--campaign-id", CAMPAIGN, "--base-url", server.url], {
      env: { INSTANTLY_API_KEY: KEY },
      stdin: "keep-open",
    });
    run.child.stdin?.write("Email\nann@x.example\n");
    await waitFor(async () => /rows /.test(run.stderr()), "a progress line");
    run.child.kill("SIGINT");
    const result = await run.done;
    expect(result.code).toBe(EXIT.interrupted);
    expect(result.stdout).toMatch(/Stopped early: interrupted/);
  }, 60_000);

  it.skipIf(process.platform === "win32")(
    "ends at once by SIGINT (130 in a shell) on a second SIGINT while stuck on a key pipe",
    async () => {
      const fifo = `${folder.path}/key.fifo`;
      execFileSync("mkfifo", [fifo]);
      const run = spawnCli(["import", csv, "--campaign-id", CAMPAIGN, "--api-key-file", fifo]);
      // Opening the pipe for writing returns once the CLI has opened it to read the key.
      const writer = await open(fifo, "w");
      try {
        run.child.kill("SIGINT");
        await sleep(300);
        expect(run.child.exitCode).toBeNull();
        run.child.kill("SIGINT");
        expect(await run.done).toMatchObject({ code: null, signal: "SIGINT" });
      } finally {
        await writer.close();
      }
    },
    60_000,
  );
});

/** The report file of a run, with the created leads it lists. */
async function readReport(path: string) {
  return JSON.parse(await readFile(path, "utf8")) as CliReport & {
    created_leads: Array<{ index: number; id: string }>;
  };
}

async function maybeAppliedRows(journal: string): Promise<number[]> {
  const text = await readFile(journal, "utf8");
  const lines = text.split("\n").filter((line) => line.startsWith('{"type":"maybe_applied"'));
  return lines.flatMap((line) =>
    (JSON.parse(line) as { rows: IndexRange[] }).rows.flatMap(([first, last]) =>
      Array.from({ length: last - first + 1 }, (_, offset) => first + offset),
    ),
  );
}

/** Resumes in this process without faults: every row ends in the server once, with its id. */
async function resumeToTheEnd(server: FakeInstantly, journal: string, report: string) {
  const second = await runCli(args(server, journal, ["--batch-size", "50", "--report", report]), {
    env: { INSTANTLY_API_KEY: KEY },
  });
  expect(second.code).toBe(EXIT.ok);
  const landed = server.state.leads.map((lead) => lead.email);
  expect(landed).toHaveLength(ROWS);
  expect(new Set(landed).size).toBe(ROWS);
  const written = await readReport(report);
  expect(written.unresolved).toEqual([]);
  const ids = new Map(written.created_leads.map((lead) => [lead.index, lead.id]));
  expect([...ids.keys()].sort((a, b) => a - b)).toEqual([...Array(ROWS).keys()]);
  const held = new Map(server.state.leads.map((lead) => [lead.email, lead.id]));
  for (const [index, id] of ids) expect(id).toBe(held.get(`lead${index}@x.example`));
  return written;
}

describe.skipIf(process.platform === "win32")("Ctrl-C with a grace for batches in flight", () => {
  it("SIGINT to the process group: batches answered within the grace are journaled, exit 130", async () => {
    // From the third request on, each answer takes a second: well within the grace.
    let slow = true;
    const { server, sent } = await serve({}, (number) =>
      slow && number >= 3 ? { kind: "delay", ms: 1_000 } : undefined,
    );
    const journal = `${folder.path}/group.journal`;
    const report = `${folder.path}/group-report.json`;
    const run = spawnCli(
      args(server, journal, ["--batch-size", "50", "--concurrency", "2", "--report", report]),
      { env: { INSTANTLY_API_KEY: KEY }, detached: true },
    );
    await waitFor(async () => sent.size >= 4, "two batches in flight");
    process.kill(-run.child.pid!, "SIGINT");
    const result = await run.done;
    expect(result.code).toBe(EXIT.interrupted);
    expect(result.stderr).toMatch(
      new RegExp(`waiting up to ${ABORT_GRACE_MS / 1000} s for 2 batches in flight; Ctrl-C again`),
    );
    // Both in-flight batches were answered in the grace: accepted and journaled, none failed.
    expect(new Set(await journaledRows(journal)).size).toBe(200);
    expect(await maybeAppliedRows(journal)).toEqual([]);
    expect(sent.size).toBe(4);
    slow = false;
    const written = await resumeToTheEnd(server, journal, report);
    expect(written.resumed).toBe(200);
    expect(written.created_leads.some((lead) => "recovered" in lead)).toBe(false);
  }, 60_000);

  it("SIGINT to the process alone: a batch unanswered after the grace is journaled as maybe applied, and a resume recovers its ids", async () => {
    // The batches of rows 100-199 are applied at once and their answers held, whichever order
    // the batches reach the server in (two are sent at a time).
    let slow = true;
    const held = (emails: string[]) => /^lead1\d\d@/.test(emails[0] ?? "");
    const { server, sent } = await serve({}, (_number, emails) =>
      slow && held(emails) ? { kind: "delay", ms: 120_000, applied: true } : undefined,
    );
    const journal = `${folder.path}/alone.journal`;
    const report = `${folder.path}/alone-report.json`;
    const run = spawnCli(
      args(server, journal, ["--batch-size", "50", "--concurrency", "2", "--report", report]),
      { env: { INSTANTLY_API_KEY: KEY }, detached: true },
    );
    await waitFor(
      async () => [...sent.values()].filter(held).length >= 2,
      "the two held batches in flight",
    );
    const interruptedAt = Date.now();
    process.kill(run.child.pid!, "SIGINT");
    const result = await run.done;
    expect(result.code).toBe(EXIT.interrupted);
    expect(Date.now() - interruptedAt).toBeGreaterThanOrEqual(ABORT_GRACE_MS - 500);
    expect(result.stderr).toMatch(/100 failed rows may have been applied by the server/);
    const first = await readReport(report);
    const maybe = first.failed.filter((failure) => failure.maybe_applied === true);
    expect(maybe.flatMap((failure) => failure.indices).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, n) => n + 100),
    );
    expect(maybe[0]?.message).toMatch(/interrupted before the server answered/);
    expect((await maybeAppliedRows(journal)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, n) => n + 100),
    );
    // The server holds them, without the CLI having their ids.
    expect(server.state.leads).toHaveLength(200);
    slow = false;
    const written = await resumeToTheEnd(server, journal, report);
    const recovered = written.created_leads.filter((lead) => "recovered" in lead);
    expect(recovered.map((lead) => lead.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, n) => n + 100),
    );
  }, 60_000);
});

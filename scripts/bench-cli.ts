import { spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

// Measures the CLI on a generated CSV against the fake server in its own process (rate limit
// off): peak RSS and rows/s of a full import, against baselines measured in the same run; what the
// CSV pre-pass costs (the same import with --no-precheck); a dry run of a CSV whose emails repeat (a
// warning per row); the import writing --results and --errors; a dry run of an .xlsx of as many rows, with and without its pre-pass; and an
// import of a CSV, a JSONL and an .xlsx file with one huge cell (refused, nothing sent, memory bounded).
//   npm run bench:cli -- [--rows 1000000] [--xlsx-rows N (default: --rows; 0 skips it)]
//                        [--huge-cell-mb 150 (0 skips it)]
// `--serve` is the fake server's own mode: it prints its URL and runs until stdin closes.

const CAMPAIGN = "019e0e3e-b690-71a9-b399-fbf49894dded";
const BASELINE_ROWS = 1000;
const RSS_TARGET_MB = 200;

async function serve(): Promise<void> {
  const { startFakeInstantly } = await import("../src/testing/index.js");
  const fake = await startFakeInstantly({
    rateLimit: false,
    remainingInPlan: Number.MAX_SAFE_INTEGER,
    campaigns: [CAMPAIGN],
  });
  process.stdout.write(`${JSON.stringify({ url: fake.url, apiKey: fake.apiKey })}\n`);
  process.stdin.resume();
  await once(process.stdin, "end");
  const served = { leads: fake.state.leads.length, requests: fake.state.requests };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  await fake.close();
}

// With `distinct`, emails cycle through that many (a multiple of the 5000 domains): every later row repeats one.
async function writeCsv(
  path: string,
  rows: number,
  prefix: string,
  distinct = rows,
): Promise<void> {
  const out = createWriteStream(path);
  out.write("Email,First Name,Last Name,Company Name,Job Title,Plan,Seats\n");
  for (let i = 0; i < rows; i++) {
    const line = `${prefix}${i % distinct}@company${i % 5000}.example,First${i},Last${i},"Company ${i % 5000}, Inc.",Head of Growth,Pro,${i % 300}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function writeXlsx(path: string, rows: number): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet("Leads");
  sheet
    .addRow(["Email", "First Name", "Last Name", "Company Name", "Job Title", "Plan", "Seats"])
    .commit();
  for (let i = 0; i < rows; i++) {
    sheet
      .addRow([
        `x${i}@company${i % 5000}.example`,
        `First${i}`,
        `Last${i}`,
        `Company ${i % 5000}, Inc.`,
        "Head of Growth",
        "Pro",
        i % 300,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

async function startServer() {
  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--serve"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const { url, apiKey } = JSON.parse(String(first.value)) as { url: string; apiKey: string };
  return {
    url,
    apiKey,
    /** Stops the server: the leads it created and the requests it answered. */
    async stop(): Promise<{ leads: number; requests: number }> {
      child.stdin.end();
      const last = await lines.next();
      await once(child, "exit");
      return JSON.parse(String(last.value)) as { leads: number; requests: number };
    },
  };
}

// Linux keeps the process's peak RSS in VmHWM; it is polled until the process exits.
async function peakRssMb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => undefined);
  const kb = status?.match(/^VmHWM:\s+(\d+) kB/m)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

interface Run {
  seconds: number;
  peakMb: number | undefined;
  code: number | null;
}

async function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ["bin/instantly-client.js", ...args], {
    env: { ...process.env, ...env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let peakMb: number | undefined;
  const poll = setInterval(() => {
    if (child.pid === undefined) return;
    void peakRssMb(child.pid).then((mb) => {
      if (mb !== undefined) peakMb = Math.max(peakMb ?? 0, mb);
    });
  }, 50);
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(poll);
  return { seconds: (performance.now() - started) / 1000, peakMb, code };
}

function mb(value: number | undefined): string {
  return value === undefined ? "n/a (needs /proc)" : `${value.toFixed(0)} MB`;
}

// Ten ordinary rows, then one whose last cell holds `megabytes` MiB: a broken export, never a lead.
/** Lines of a file (its last line ends with a break). */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const _ of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    lines += 1;
  }
  return lines;
}

async function writeHugeCell(path: string, megabytes: number, jsonl: boolean): Promise<void> {
  const out = createWriteStream(path);
  if (!jsonl) out.write("Email,First Name,Notes\n");
  for (let i = 0; i < 10; i++) {
    out.write(jsonl ? `{"email":"r${i}@x.example"}\n` : `r${i}@x.example,R${i},ok\n`);
  }
  out.write(
    jsonl ? '{"email":"huge@x.example","custom_variables":{"notes":"' : "huge@x.example,Huge,",
  );
  const mib = Buffer.alloc(1 << 20, "x");
  for (let i = 0; i < megabytes; i++) if (!out.write(mib)) await once(out, "drain");
  out.end(jsonl ? '"}}\n' : "\n");
  await once(out, "finish");
}

// The same as a workbook, the huge cell a shared string (exceljs' streaming writer keeps each
// string whole, so it is written from one string of that size).
async function writeHugeXlsx(path: string, megabytes: number): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
  });
  const sheet = workbook.addWorksheet("Leads");
  sheet.addRow(["Email", "First Name", "Notes"]).commit();
  for (let i = 0; i < 10; i++) sheet.addRow([`r${i}@x.example`, `R${i}`, "ok"]).commit();
  sheet.addRow(["huge@x.example", "Huge", "x".repeat(megabytes << 20)]).commit();
  sheet.commit();
  await workbook.commit();
}

// The 150 MB cell that main sent as one 150 MB request (906 MB peak RSS): refused before sending.
async function benchHugeCell(folder: string, megabytes: number): Promise<void> {
  for (const format of ["csv", "jsonl", "xlsx"] as const) {
    const path = join(folder, `huge.${format}`);
    if (format === "xlsx") await writeHugeXlsx(path, megabytes);
    else await writeHugeCell(path, megabytes, format === "jsonl");
    const server = await startServer();
    const run = await runCli(
      ["import", path, "--campaign-id", CAMPAIGN, "--base-url", server.url, "--quiet"],
      { INSTANTLY_API_KEY: server.apiKey },
    );
    const served = await server.stop();
    const verdict = run.code === 2 && served.leads === 0 && (run.peakMb ?? 0) < 400;
    console.log(
      `  ${megabytes} MB cell (.${format}): exit ${run.code}, ${run.seconds.toFixed(1)} s, peak RSS ${mb(run.peakMb)}, ${served.requests} add-leads requests, ${served.leads} leads created; target exit 2, nothing sent, < 400 MB: ${verdict ? "met" : "MISSED"}`,
    );
    await rm(path, { force: true });
  }
}

async function bench(rows: number, xlsxRows: number, hugeCellMb: number): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "bench-cli-"));
  try {
    const big = join(folder, "leads.csv");
    const small = join(folder, "small.csv");
    await writeCsv(big, rows, "lead");
    await writeCsv(small, BASELINE_ROWS, "baseline");
    const repeated = join(folder, "repeated.csv");
    await writeCsv(repeated, rows, "lead", 5000);
    const server = await startServer();
    const env = { INSTANTLY_API_KEY: server.apiKey };
    const common = ["--campaign-id", CAMPAIGN, "--base-url", server.url, "--quiet"];
    const baseline = await runCli(["import", small, ...common], env);
    const dry = await runCli(["import", big, ...common, "--dry-run"], env);
    const warned = await runCli(["import", repeated, ...common, "--dry-run"], env);
    const full = await runCli(["import", big, ...common], env);
    const { leads: created } = await server.stop();
    // The run without the pre-pass gets a fresh server too: into the same campaign the server would
    // only de-duplicate, much less work than creating the leads, and the difference would not be the pre-pass.
    const fresh = await startServer();
    const unchecked = await runCli(
      [
        "import",
        big,
        "--campaign-id",
        CAMPAIGN,
        "--base-url",
        fresh.url,
        "--quiet",
        "--no-precheck",
      ],
      { INSTANTLY_API_KEY: fresh.apiKey },
    );
    const { leads: createdUnchecked } = await fresh.stop();
    // The same import writing --results and --errors, into a fresh campaign again.
    const resultsServer = await startServer();
    const resultsFile = join(folder, "leads.results.csv");
    const withResults = await runCli(
      [
        "import",
        big,
        "--campaign-id",
        CAMPAIGN,
        "--base-url",
        resultsServer.url,
        "--quiet",
        "--results",
        resultsFile,
        "--errors",
        join(folder, "leads.errors.csv"),
      ],
      { INSTANTLY_API_KEY: resultsServer.apiKey },
    );
    await resultsServer.stop();
    const resultRows = await countLines(resultsFile);
    const rate = (run: Run, n: number) => Math.round(n / run.seconds);
    const ratio = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? "n/a" : (a / b).toFixed(2);
    console.log(`bench:cli  ${rows.toLocaleString("en-US")} rows, fake server in a child process`);
    console.log(
      `  import          exit ${full.code}, ${full.seconds.toFixed(1)} s, ${rate(full, rows)} rows/s, peak RSS ${mb(full.peakMb)}`,
    );
    console.log(
      `  dry run         exit ${dry.code}, ${dry.seconds.toFixed(1)} s, ${rate(dry, rows)} rows/s, peak RSS ${mb(dry.peakMb)}`,
    );
    console.log(
      `  dry run repeats exit ${warned.code}, ${warned.seconds.toFixed(1)} s, ${rate(warned, rows)} rows/s, peak RSS ${mb(warned.peakMb)} (all but 5,000 rows warned; target < ${RSS_TARGET_MB} MB: ${warned.peakMb === undefined ? "n/a" : warned.peakMb < RSS_TARGET_MB ? "met" : "MISSED"})`,
    );
    console.log(
      `  ${BASELINE_ROWS} rows     exit ${baseline.code}, ${baseline.seconds.toFixed(1)} s, peak RSS ${mb(baseline.peakMb)}`,
    );
    console.log(
      `  --no-precheck   exit ${unchecked.code}, ${unchecked.seconds.toFixed(1)} s, ${rate(unchecked, rows)} rows/s`,
    );
    console.log(
      `  --results/--errors exit ${withResults.code}, ${withResults.seconds.toFixed(1)} s, ${rate(withResults, rows)} rows/s, peak RSS ${mb(withResults.peakMb)}; ${(resultRows - 1).toLocaleString("en-US")} result rows (expected ${rows.toLocaleString("en-US")}); target < ${RSS_TARGET_MB} MB: ${withResults.peakMb === undefined ? "n/a" : withResults.peakMb < RSS_TARGET_MB ? "met" : "MISSED"}`,
    );
    console.log(
      `  ratio import with/without results files: ${ratio(withResults.seconds, full.seconds)} s, ${ratio(withResults.peakMb, full.peakMb)} peak RSS`,
    );
    console.log(
      `  pre-pass cost: ${(((full.seconds - unchecked.seconds) / full.seconds) * 100).toFixed(1)}% of the import's time (target <= 15%)`,
    );
    console.log(
      `  servers created ${created.toLocaleString("en-US")} and ${createdUnchecked.toLocaleString("en-US")} leads (expected ${(rows + BASELINE_ROWS).toLocaleString("en-US")} and ${rows.toLocaleString("en-US")})`,
    );
    console.log(`  ratio import/dry-run rows/s: ${ratio(rate(full, rows), rate(dry, rows))}`);
    console.log(
      `  ratio dry-run repeats/dry-run peak RSS: ${ratio(warned.peakMb, dry.peakMb)}, rows/s: ${ratio(rate(warned, rows), rate(dry, rows))}`,
    );
    console.log(
      `  ratio import/${BASELINE_ROWS}-row peak RSS: ${ratio(full.peakMb, baseline.peakMb)}`,
    );
    console.log(
      `  peak RSS target < ${RSS_TARGET_MB} MB: ${full.peakMb === undefined ? "n/a" : full.peakMb < RSS_TARGET_MB ? "met" : "MISSED"}`,
    );
    if (xlsxRows > 0) {
      const sheet = join(folder, "leads.xlsx");
      await writeXlsx(sheet, xlsxRows);
      // Alternating, the fastest of two each: run once each, in one order, the ratio moved by
      // 40% with the load of a shared machine.
      const dryRun = ["import", sheet, ...common, "--dry-run"];
      const checked: Run[] = [];
      const bare: Run[] = [];
      for (let round = 0; round < 2; round++) {
        bare.push(await runCli([...dryRun, "--no-precheck"], env));
        checked.push(await runCli(dryRun, env));
      }
      const fastest = (runs: Run[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const read = fastest(checked);
      const unchecked = fastest(bare);
      console.log(
        `  .xlsx dry run   ${xlsxRows.toLocaleString("en-US")} rows: exit ${read.code}, ${read.seconds.toFixed(1)} s, ${rate(read, xlsxRows)} rows/s, peak RSS ${mb(read.peakMb)} (target < ${RSS_TARGET_MB} MB)`,
      );
      console.log(
        `  .xlsx --no-precheck: exit ${unchecked.code}, ${unchecked.seconds.toFixed(1)} s, peak RSS ${mb(unchecked.peakMb)}; ratio with/without the pre-pass: ${ratio(read.seconds, unchecked.seconds)} (runs: ${checked.map((run) => run.seconds.toFixed(1)).join(", ")} s with, ${bare.map((run) => run.seconds.toFixed(1)).join(", ")} s without)`,
      );
    }
    if (hugeCellMb > 0) await benchHugeCell(folder, hugeCellMb);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    "xlsx-rows": { type: "string" },
    "huge-cell-mb": { type: "string", default: "150" },
    serve: { type: "boolean", default: false },
  },
});
if (values.serve) await serve();
else {
  const rows = Number(values.rows);
  await bench(rows, Number(values["xlsx-rows"] ?? values.rows), Number(values["huge-cell-mb"]));
}

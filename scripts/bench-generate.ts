// bench:generate — wall time and peak memory of the whole generate pipeline beside the bare
// openapi-typescript CLI on the same document, measured in one run, as ratios.
// Documents: the pinned spec, and GitHub's REST description from @octokit/openapi, installed into
// .bench/ for the benchmark only. `--doc FILE` adds another document; `--runs N` (default 3).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    doc: { type: "string", multiple: true, default: [] },
    runs: { type: "string", default: "3" },
    "no-octokit": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "bench-generate-"));
// Each measured command reports its own peak RSS (worker threads included) when it exits.
const probe = join(work, "maxrss.mjs");
writeFileSync(
  probe,
  `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(process.env.MAXRSS_FILE, String(process.resourceUsage().maxRSS)));`,
);

function octokitDocument(): string {
  const dir = join(root, ".bench");
  const file = join(dir, "node_modules/@octokit/openapi/generated/api.github.com.json");
  if (!existsSync(file)) {
    console.log("installing @octokit/openapi into .bench/ (benchmark only) ...");
    const npm = spawnSync("npm", ["install", "--no-save", "--prefix", dir, "@octokit/openapi@23"], {
      stdio: "inherit",
    });
    if (npm.status !== 0) throw new Error("npm install @octokit/openapi failed");
  }
  return file;
}

interface Sample {
  seconds: number;
  maxRssMb: number;
}

function measure(args: string[]): Sample {
  const rssFile = join(work, "rss");
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", probe, ...args], {
    cwd: root,
    env: { ...process.env, MAXRSS_FILE: rssFile },
    encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${args.join(" ")} failed:\n${run.stderr}`);
  return { seconds, maxRssMb: Number(readFileSync(rssFile, "utf8")) / 1024 };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const documents = [join(root, "spec/instantly-api-v2.json"), ...values.doc.map((d) => resolve(d))];
if (!values["no-octokit"]) documents.push(octokitDocument());

const tsx = join(root, "node_modules/tsx/dist/loader.mjs");
const cli = join(root, "node_modules/openapi-typescript/bin/cli.js");
console.log(`\nbench:generate: median of ${runs} runs each, measured alternately in this run.`);
console.log(
  "cold: --no-cache (everything formatted afresh); warm: formatting cache of the run before.\n",
);
const columns = ["document", "bare CLI", "cold", "ratio", "warm", "ratio", "peak RSS bare/cold"];
const widths = [34, 10, 10, 8, 10, 8, 20];
const row = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("");
console.log(row(columns));
for (const doc of documents) {
  const bare: Sample[] = [];
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  const generate = (extra: string[]): Sample => {
    const out = join(work, "out");
    const args = ["--import", tsx, "scripts/generate.ts", "--spec", doc, "--out", out, ...extra];
    const sample = measure(args);
    rmSync(out, { recursive: true, force: true });
    return sample;
  };
  generate([]); // primes the cache for the warm runs
  for (let i = 0; i < runs; i++) {
    bare.push(measure([cli, doc, "-o", join(work, "bare.ts")]));
    cold.push(generate(["--no-cache"]));
    warm.push(generate([]));
  }
  const b = median(bare.map((s) => s.seconds));
  const c = median(cold.map((s) => s.seconds));
  const w = median(warm.map((s) => s.seconds));
  const bm = median(bare.map((s) => s.maxRssMb));
  const cm = median(cold.map((s) => s.maxRssMb));
  const name = doc.replace(root + "/", "").replace(/.*node_modules\//, "");
  console.log(
    row([
      name.slice(-33),
      `${b.toFixed(2)} s`,
      `${c.toFixed(2)} s`,
      `${(c / b).toFixed(2)}x`,
      `${w.toFixed(2)} s`,
      `${(w / b).toFixed(2)}x`,
      `${bm.toFixed(0)}/${cm.toFixed(0)} MB (${(cm / bm).toFixed(2)}x)`,
    ]),
  );
}
rmSync(work, { recursive: true, force: true });

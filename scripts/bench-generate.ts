// bench:generate — wall time and peak memory of `npm run generate` beside the bare
// openapi-typescript CLI and @hey-api/openapi-ts 0.99 on the same document, measured alternately
// in one run, as ratios. Every run is cold: the generator keeps no cache between runs.
// Documents: the pinned spec, `--doc FILE` (repeatable, e.g. the complete upstream document), and
// GitHub's REST description from @octokit/openapi. hey-api and @octokit/openapi are installed into
// .bench/ (git-ignored) for the benchmark only. `--runs N` (default 3), `--no-octokit`.
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
const bench = join(root, ".bench");
const work = mkdtempSync(join(tmpdir(), "bench-generate-"));
// Each measured command reports its own peak RSS (worker threads included) when it exits.
const probe = join(work, "maxrss.mjs");
writeFileSync(
  probe,
  `import { writeFileSync } from "node:fs";
process.on("exit", () => writeFileSync(process.env.MAXRSS_FILE, String(process.resourceUsage().maxRSS)));`,
);

// dist/run.mjs is what bin/run.js spawns: run directly, its peak RSS is the real one.
const heyApi = join(bench, "node_modules/@hey-api/openapi-ts/dist/run.mjs");
const octokit = join(bench, "node_modules/@octokit/openapi/generated/api.github.com.json");
if (!existsSync(heyApi) || !existsSync(octokit)) {
  console.log(
    "installing @hey-api/openapi-ts and @octokit/openapi into .bench/ (benchmark only) ...",
  );
  // hey-api takes TypeScript as a peer; pinned here so npm does not pick a major it cannot load.
  const packages = ["@hey-api/openapi-ts@0.99", "typescript@5.9", "@octokit/openapi@23"];
  const npm = spawnSync("npm", ["install", "--no-save", "--prefix", bench, ...packages], {
    stdio: "inherit",
  });
  if (npm.status !== 0) throw new Error("npm install into .bench/ failed");
}

interface Sample {
  seconds: number;
  maxRssMb: number;
}

function measure(args: string[], cwd = root): Sample {
  const rssFile = join(work, "rss");
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", probe, ...args], {
    cwd,
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
if (!values["no-octokit"]) documents.push(octokit);

const tsx = join(root, "node_modules/tsx/dist/loader.mjs");
const cli = join(root, "node_modules/openapi-typescript/bin/cli.js");
const tools = {
  bare: (doc: string) => measure([cli, doc, "-o", join(work, "bare.ts")]),
  heyApi: (doc: string) =>
    measure([heyApi, "-i", doc, "-o", join(work, "hey"), "-s", "--no-log-file"], work),
  generate: (doc: string) => {
    const out = join(work, "out");
    const sample = measure(["--import", tsx, "scripts/generate.ts", "--spec", doc, "--out", out]);
    rmSync(out, { recursive: true, force: true });
    return sample;
  },
};

console.log(
  `\nbench:generate: median of ${runs} runs each, alternating, cold (no cache anywhere).\n`,
);
const columns = [
  "document",
  "bare CLI",
  "hey-api",
  "generate",
  "vs bare",
  "vs hey-api",
  "peak RSS bare/hey/gen",
  "RSS vs bare",
];
const widths = [36, 10, 10, 10, 9, 11, 24, 11];
const row = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("");
console.log(row(columns));
for (const doc of documents) {
  const samples = { bare: [] as Sample[], heyApi: [] as Sample[], generate: [] as Sample[] };
  for (let i = 0; i < runs; i++) {
    for (const tool of ["bare", "heyApi", "generate"] as const)
      samples[tool].push(tools[tool](doc));
  }
  const wall = (tool: keyof typeof samples) => median(samples[tool].map((s) => s.seconds));
  const rss = (tool: keyof typeof samples) => median(samples[tool].map((s) => s.maxRssMb));
  const name = doc.replace(root + "/", "").replace(/.*node_modules\//, "");
  console.log(
    row([
      name.slice(-35),
      `${wall("bare").toFixed(2)} s`,
      `${wall("heyApi").toFixed(2)} s`,
      `${wall("generate").toFixed(2)} s`,
      `${(wall("generate") / wall("bare")).toFixed(2)}x`,
      `${(wall("generate") / wall("heyApi")).toFixed(2)}x`,
      `${rss("bare").toFixed(0)}/${rss("heyApi").toFixed(0)}/${rss("generate").toFixed(0)} MB`,
      `${(rss("generate") / rss("bare")).toFixed(2)}x`,
    ]),
  );
}
rmSync(work, { recursive: true, force: true });

import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// What installing the package costs a consumer project: packages and bytes of node_modules, for
// the package alone and with exceljs (the optional peer that .xlsx needs) beside it.
//   npm run bench:install
// Needs the npm registry (or npm's cache) for the dependencies.

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("..", import.meta.url));
// npm run sets npm_* variables (prefix, lifecycle) that must not leak into the nested npm calls.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
);

async function bytesIn(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await bytesIn(join(path, entry));
  return total;
}

async function consumer(folder: string, name: string, specs: string[]) {
  const project = join(folder, name);
  await mkdir(project);
  await writeFile(join(project, "package.json"), JSON.stringify({ name, private: true }));
  await run("npm", ["install", ...specs, "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: project,
    env,
  });
  const lock = JSON.parse(await readFile(join(project, "package-lock.json"), "utf8")) as {
    packages: Record<string, unknown>;
  };
  const packages = Object.keys(lock.packages).filter((key) => key !== "").length;
  return { packages, megabytes: (await bytesIn(join(project, "node_modules"))) / 1e6 };
}

const folder = await mkdtemp(join(tmpdir(), "bench-install-"));
try {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", folder], {
    cwd: REPO,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string }>;
  if (packed === undefined) throw new Error("npm pack printed no result");
  const tarball = join(folder, packed.filename);
  const manifest = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as {
    peerDependencies?: Record<string, string>;
  };
  const exceljs = `exceljs@${manifest.peerDependencies?.exceljs ?? "latest"}`;
  const alone = await consumer(folder, "alone", [tarball]);
  const withXlsx = await consumer(folder, "with-xlsx", [tarball, exceljs]);
  const line = (label: string, r: typeof alone) =>
    `  ${label.padEnd(22)} ${String(r.packages).padStart(4)} packages, ${r.megabytes.toFixed(1)} MB of node_modules`;
  console.log("bench:install  a consumer project installing the packed package");
  console.log(line("instantly-client", alone));
  console.log(line(`+ ${exceljs}`, withXlsx));
  console.log(
    `  ratio without/with .xlsx: ${(alone.packages / withXlsx.packages).toFixed(2)}x packages, ${(alone.megabytes / withXlsx.megabytes).toFixed(2)}x bytes`,
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}

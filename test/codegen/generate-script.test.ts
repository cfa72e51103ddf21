import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readFiles, removeTempDirs, tempDir, writeSpec } from "./fixture-files.js";

afterAll(removeTempDirs);

const repo = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx scripts/generate.ts` in the repo with the given arguments. */
function runGenerate(args: string[]): Promise<Run> {
  const tsx = join(repo, "node_modules/.bin/tsx");
  return new Promise((resolve) => {
    execFile(tsx, ["scripts/generate.ts", ...args], { cwd: repo }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Each run loads the whole generator (~5 s on a busy machine), so the runs are few and sequential.
describe("scripts/generate.ts", { timeout: 60_000 }, () => {
  it("--check on the repo exits 0: generated/ is what the pinned spec gives", async () => {
    const before = await readFiles(join(repo, "generated"));
    const run = await runGenerate(["--check"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("up to date");
    expect(await readFiles(join(repo, "generated"))).toEqual(before);
  });

  it("exits 1 with the file on stderr and writes nothing for an invalid spec", async () => {
    const spec = await writeSpec(await tempDir(), { openapi: "3.1.0", paths: {} });
    const out = join(await tempDir(), "out");
    const run = await runGenerate(["--spec", spec, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`generate: ${spec}`);
    expect(run.stderr).toContain("info");
    expect(run.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("exits 2 with the usage for an unknown flag", async () => {
    const run = await runGenerate(["--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--bogus'");
    expect(run.stderr).toContain("Usage: npm run generate");
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await runGenerate(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: npm run generate -- [--check] [--spec FILE] [--out DIR]");
    expect(run.stderr).toBe("");
  });
});

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../../../src/cli/main.js";

/** The bin under test, run exactly as users run it from a clone. */
export const BIN = fileURLToPath(new URL("../../../bin/instantly-client.js", import.meta.url));

/** A campaign the fake servers of these tests know. */
export const CAMPAIGN = "019e0e3e-b690-71a9-b399-fbf49894dded";

/** What a finished CLI run printed and how it ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of one spawned run: extra environment and standard input (closed when omitted;
 * "keep-open" leaves the pipe open for the test to write to). */
export interface SpawnOptions {
  env?: Record<string, string>;
  stdin?: string | Buffer;
  /** Leads a process group of its own (as a terminal's foreground job): `process.kill(-pid)`. */
  detached?: boolean;
}

/** Spawns the bin with a clean environment (no inherited key, NO_COLOR=1). */
export function spawnCli(
  args: readonly string[],
  options: SpawnOptions = {},
): { child: ChildProcess; done: Promise<CliRun>; stderr(): string } {
  const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env };
  const child = spawn(process.execPath, [BIN, ...args], {
    env,
    stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    detached: options.detached === true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (options.stdin !== undefined && options.stdin !== "keep-open") child.stdin?.end(options.stdin);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

/** Runs the bin to the end, as a process: for what only a process shows (bin wiring, signals, pipes). */
export function runBin(args: readonly string[], options: SpawnOptions = {}): Promise<CliRun> {
  return spawnCli(args, options).done;
}

/**
 * Runs the CLI's own entry (`main`) in this process with captured streams, a clean environment
 * (NO_COLOR=1 plus `options.env`) and `options.stdin` as standard input (empty when omitted).
 * What the bin adds around `main` is tested with `runBin`/`spawnCli`.
 */
export async function runCli(args: readonly string[], options: SpawnOptions = {}): Promise<CliRun> {
  const { code, stdout, stderr } = await runMainWith(args, options.env ?? {}, options.stdin ?? "");
  return { code, signal: null, stdout, stderr };
}

/** Runs `main` in this process with captured streams: fast, for usage errors and help. */
export function runMain(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runMainWith(args, env, "");
}

async function runMainWith(
  args: readonly string[],
  env: Record<string, string>,
  input: string | Buffer,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const stdin = new PassThrough();
  stdin.end(input);
  const code = await main(args, { stdin, stdout, stderr, env: { NO_COLOR: "1", ...env } });
  return { code, stdout: out, stderr: err };
}

/** A temporary folder for one test file, with a helper to write files into it. */
export async function tempFolder(): Promise<{
  path: string;
  file(name: string, content: string | Buffer): Promise<string>;
  remove(): Promise<void>;
}> {
  const path = await mkdtemp(join(tmpdir(), "cli-test-"));
  return {
    path,
    async file(name, content) {
      const file = join(path, name);
      await writeFile(file, content);
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

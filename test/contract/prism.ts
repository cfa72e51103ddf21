import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import type { FakeInstantlyOptions } from "../../src/testing/types.js";
import { freePort } from "../testing/support.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** A running Prism mock of the pinned spec. */
export interface PrismMock {
  url: string;
  stop(): Promise<void>;
}

/** Starts `prism mock --errors` on a free loopback port and waits until it answers. */
export async function startPrism(): Promise<PrismMock> {
  const port = await freePort();
  const child = spawn(
    "node_modules/.bin/prism",
    ["mock", "-p", String(port), "-h", "127.0.0.1", "spec/instantly-api-v2.json", "--errors"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = once(child, "exit");
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`Prism did not start on ${url} within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await sleep(250);
  }
  return { url, stop };
}

/** One of the two servers a contract test runs against, by the name its tests print. */
export interface ContractServer {
  name: string;
  url: () => string;
}

/**
 * Starts Prism and the fake server (with `options`) before the file's tests and stops both after
 * them: the same requests must get the documented answers from both.
 */
export function prismAndFake(options?: FakeInstantlyOptions): [ContractServer, ContractServer] {
  let prism: PrismMock | undefined;
  let fake: FakeInstantly | undefined;
  beforeAll(async () => {
    [prism, fake] = await Promise.all([startPrism(), startFakeInstantly(options)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([prism?.stop(), fake?.close()]);
  });
  return [
    { name: "Prism", url: () => prism?.url ?? "" },
    { name: "the fake server", url: () => fake?.url ?? "" },
  ];
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

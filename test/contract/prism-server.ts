import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
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

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

import { createHash } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { format, resolveConfig } from "prettier";
import type { Pin } from "../load.js";
import { DriftSourceError, asObject } from "./errors.js";

export type { Pin };

/** Reads and checks a pin file; errors name the file and the bad field. */
export async function readPin(file: string): Promise<Pin> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new DriftSourceError(`cannot read pin file ${file}: ${error.code ?? error.message}`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DriftSourceError(`pin file ${file} is not JSON: ${(error as Error).message}`);
  }
  const pin = asObject(value);
  const strings = ["upstream", "spec", "sha256", "taken"] as const;
  const bad = strings.find((key) => typeof pin?.[key] !== "string");
  if (!pin || bad)
    throw new DriftSourceError(`pin file ${file}: "${bad ?? "upstream"}" must be a string`);
  const operations = pin["operations"];
  if (
    !Array.isArray(operations) ||
    operations.length === 0 ||
    !operations.every((o) => typeof o === "string")
  ) {
    throw new DriftSourceError(
      `pin file ${file}: "operations" must be a non-empty array of operationIds`,
    );
  }
  return pin as unknown as Pin;
}

/** Serializes a pin with a fixed key order, formatted like the rest of the repository. */
export async function formatPin(pin: Pin, file: string): Promise<string> {
  const { upstream, spec, operations, sha256, taken, source } = pin;
  const text = JSON.stringify({ upstream, spec, operations, sha256, taken, source });
  const options = (await resolveConfig(file)) ?? {};
  return format(text, { ...options, parser: "json" });
}

/** Hex sha256 of some bytes. */
export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes a file so readers never see it half-written: a temp file in the same directory, then rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

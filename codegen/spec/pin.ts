import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { asObject, parseJson } from "./json.js";
import { SpecError } from "./spec-error.js";

/** The provenance record stored next to the pinned spec (`spec/pin.json`). */
export interface Pin {
  /** Where the spec was taken from: the URL the drift check fetches. */
  upstream: string;
  /** The spec's file name, beside the pin. */
  spec: string;
  /** The pinned operations: operationIds, or `METHOD /path`. */
  operations: string[];
  /** Hex sha256 of the spec's bytes. */
  sha256: string;
  /** When the content was taken (YYYY-MM-DD). */
  taken: string;
  source?: string;
}

/** Reads and checks a pin file; errors name the file and the bad field. */
export function readPin(file: string): Pin {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new SpecError(`cannot read the pin file (${e.code ?? e.message})`, file);
  }
  const pin = asObject(parseJson(text, file));
  const strings = ["upstream", "spec", "sha256", "taken"] as const;
  const bad = strings.find((key) => typeof pin?.[key] !== "string");
  if (!pin || bad) throw new SpecError(`"${bad ?? "upstream"}" must be a string`, file);
  const operations = pin["operations"];
  if (!Array.isArray(operations) || !operations.every((o) => typeof o === "string")) {
    throw new SpecError(`"operations" must be an array of operationIds`, file);
  }
  return pin as unknown as Pin;
}

/** The `pin.json` beside a spec when there is one and it pins that file, else undefined. */
export function pinBeside(specPath: string): Pin | undefined {
  const file = join(dirname(specPath), "pin.json");
  if (!existsSync(file)) return undefined;
  const pin = readPin(file);
  return pin.spec === basename(specPath) ? pin : undefined;
}

/** Serializes a pin with a fixed key order, formatted like the rest of the repository at `file`. */
export async function formatPin(pin: Pin, file: string): Promise<string> {
  const { upstream, spec, operations, sha256, taken, source } = pin;
  const text = JSON.stringify({ upstream, spec, operations, sha256, taken, source });
  // Loaded here: reading a pin, which every run does, needs no formatter.
  const { format, resolveConfig } = await import("prettier");
  const options = (await resolveConfig(file)) ?? {};
  return format(text, { ...options, parser: "json" });
}

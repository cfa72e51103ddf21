import { dirname, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { DEFAULT_LIMITS, type ReadLimits } from "./fetch-upstream.js";
import { readPin, type Pin } from "../spec/pin.js";
import { SpecError } from "../spec/spec-error.js";
import { DriftSourceError } from "./errors.js";

/** Bad command-line usage: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Where to write command output: stdout and stderr, swappable in tests. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Options every drift command takes: the pinned files, the upstream and the read limits. */
export const SOURCE_OPTIONS = {
  upstream: { type: "string" },
  spec: { type: "string" },
  pin: { type: "string" },
  "timeout-ms": { type: "string" },
  "max-bytes": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** Parses argv strictly (unknown flags and positionals are usage errors). */
export function parseCli<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The read limits from --timeout-ms and --max-bytes, or the defaults. */
export function readLimits(values: { "timeout-ms"?: string; "max-bytes"?: string }): ReadLimits {
  return {
    timeoutMs: positive(values["timeout-ms"], "--timeout-ms") ?? DEFAULT_LIMITS.timeoutMs,
    maxBytes: positive(values["max-bytes"], "--max-bytes") ?? DEFAULT_LIMITS.maxBytes,
  };
}

/** The pin (from --pin or spec/pin.json) and the pinned spec path (from --spec or the pin). */
export function resolvePinned(
  values: { pin?: string; spec?: string },
  cwd: string,
): { pin: Pin; pinPath: string; specPath: string } {
  const pinPath = resolve(cwd, values.pin ?? "spec/pin.json");
  const pin = pinFrom(pinPath);
  const specPath = values.spec ? resolve(cwd, values.spec) : resolve(dirname(pinPath), pin.spec);
  return { pin, pinPath, specPath };
}

// The pin, with the drift check's wording; a pin with nothing pinned has nothing to check.
function pinFrom(file: string): Pin {
  let pin: Pin;
  try {
    pin = readPin(file);
  } catch (error) {
    if (error instanceof SpecError) throw new DriftSourceError(`pin file ${error.message}`);
    throw error;
  }
  if (pin.operations.length === 0)
    throw new DriftSourceError(`pin file ${file}: "operations" must list at least one operation`);
  return pin;
}

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${flag} must be a positive integer, got "${text}"`);
  return value;
}

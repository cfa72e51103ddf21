import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse, type ParseError } from "jsonc-parser";
import { GenerateError } from "./errors.js";

/** The provenance record stored next to the pinned spec. */
export interface Pin {
  upstream: string;
  spec: string;
  operations: string[];
  sha256: string;
  taken: string;
  source?: string;
}

/** A spec read from disk, with its bytes' sha256 and its pin when one sits next to it. */
export interface LoadedSpec {
  path: string;
  sha256: string;
  document: Record<string, unknown>;
  pin: Pin | undefined;
}

/** Reads and parses the spec, and checks it against `pin.json` in the same folder when present. */
export function loadSpec(specPath: string): LoadedSpec {
  let bytes: Buffer;
  try {
    bytes = readFileSync(specPath);
  } catch (error) {
    throw new GenerateError(`cannot read the spec (${(error as Error).message})`, specPath);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const document = parseJson(bytes.toString("utf8"), specPath);
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new GenerateError("the spec is not a JSON object", specPath, "#");
  }
  const pin = loadPin(specPath);
  if (pin && pin.sha256 !== sha256) {
    throw new GenerateError(
      `sha256 ${sha256} does not match ${pin.sha256} in pin.json: the spec was edited without re-pinning ` +
        `(run npm run spec:update, or restore the file)`,
      specPath,
    );
  }
  return { path: specPath, sha256, document: document as Record<string, unknown>, pin };
}

function loadPin(specPath: string): Pin | undefined {
  const pinPath = join(dirname(specPath), "pin.json");
  if (!existsSync(pinPath)) return undefined;
  const pin = parseJson(readFileSync(pinPath, "utf8"), pinPath) as Partial<Pin>;
  if (pin.spec !== undefined && pin.spec !== basename(specPath)) return undefined;
  if (typeof pin.sha256 !== "string" || !Array.isArray(pin.operations)) {
    throw new GenerateError("pin.json needs a sha256 string and an operations array", pinPath);
  }
  return pin as Pin;
}

/** Parses JSON; on failure names the line and column, which Node's message does not always give. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false });
    const offset = errors[0]?.offset;
    let where: string | undefined;
    if (offset !== undefined) {
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      where = `line ${line}, column ${before.length - before.lastIndexOf("\n")}`;
    }
    throw new GenerateError(`invalid JSON (${(error as Error).message})`, file, where);
  }
}

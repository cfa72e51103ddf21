import { readFileSync } from "node:fs";
import { asObject, parseJson, sha256Hex } from "./spec/json.js";
import { pinBeside, type Pin } from "./spec/pin.js";
import { SpecError } from "./spec/spec-error.js";

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
    throw new SpecError(`cannot read the spec (${(error as Error).message})`, specPath);
  }
  const sha256 = sha256Hex(bytes);
  const document = asObject(parseJson(bytes.toString("utf8"), specPath));
  if (!document) throw new SpecError("the spec is not a JSON object", specPath, "#");
  const pin = pinBeside(specPath);
  if (pin && pin.sha256 !== sha256) {
    throw new SpecError(
      `sha256 ${sha256} does not match ${pin.sha256} in pin.json: the spec was edited without re-pinning ` +
        `(run npm run spec:update, or restore the file)`,
      specPath,
    );
  }
  return { path: specPath, sha256, document, pin };
}

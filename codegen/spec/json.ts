import { createHash } from "node:crypto";
import { parse, type ParseError } from "jsonc-parser";
import { SpecError } from "./spec-error.js";

/** Plain JSON object, the shape every OpenAPI node is handled as. */
export type JsonObject = Record<string, unknown>;

/** Narrows a JSON value to an object (arrays and null excluded). */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
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
    throw new SpecError(`invalid JSON (${(error as Error).message})`, file, where);
  }
}

/** Hex sha256 of some bytes. */
export function sha256Hex(bytes: string | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

import { dereferenceSpec, openApi3Version, SpecValidationError } from "../spec/document.js";
import { asObject, type JsonObject } from "../spec/json.js";
import {
  findOperation,
  listSpecOperations,
  type SpecOperation,
} from "../spec/document-operations.js";
import type { InvalidOperation } from "./changes.js";
import { DriftSourceError } from "./errors.js";
import { danglingRefs, extractOperations, type DanglingRef } from "./extract.js";
import { readSource, type ReadLimits } from "./fetch-upstream.js";

/** An OpenAPI document as written (raw) and with every internal $ref replaced by its target. */
export interface LoadedDocument {
  source: string;
  raw: JsonObject;
  dereferenced: JsonObject;
}

/** Upstream as the drift check sees it: what it can compare, what it cannot, and why. */
export interface UpstreamDocument extends LoadedDocument {
  /** Watched operations that reach a broken part of the document; absent from `dereferenced`. */
  invalid: InvalidOperation[];
  /** What is broken in the document and where, when it is not valid as a whole. */
  notice?: string;
}

/**
 * Parses, validates (OpenAPI 3.0 or 3.1) and dereferences a document; errors name the source.
 * The strict load, for the pinned side of a comparison; upstream goes through loadUpstream.
 */
export async function loadOpenApi(text: string, source: string): Promise<LoadedDocument> {
  const raw = parseOpenApi(text, source);
  const result = await dereference(raw, source);
  if (result instanceof SpecValidationError) throw notValid(source, result);
  return { source, raw, dereferenced: result };
}

/**
 * Loads upstream for a check of some of its operations (`pins`: operationIds or `METHOD /path`).
 * A valid document is dereferenced whole. When it is not valid, those operations still get a
 * verdict: what they reach is validated and dereferenced on its own; an operation that itself
 * reaches a broken part is listed in `invalid`; `notice` says what is broken and where. Only a
 * document whose shared part (version, info, servers, security) is broken is refused.
 */
export async function loadUpstream(
  text: string,
  source: string,
  pins: string[],
): Promise<UpstreamDocument> {
  const raw = parseOpenApi(text, source);
  const whole = await dereference(raw, source);
  if (!(whole instanceof SpecValidationError))
    return { source, raw, dereferenced: whole, invalid: [] };

  const watched = listSpecOperations(raw).filter((e) => pins.some((p) => findOperation([e], p)));
  // Usually they are fine together: one validation. Otherwise, with the part every operation
  // shares (the extract of no operation) valid, each on its own says which is broken.
  let dereferenced = await dereferenceOperations(raw, watched, source);
  const invalid: InvalidOperation[] = [];
  if (!dereferenced) {
    const shared = await dereference(extractOperations(raw, []).document, source);
    if (shared instanceof SpecValidationError) throw notValid(source, shared);
    for (const entry of watched) {
      const problem = await operationProblem(raw, entry, source);
      if (problem) invalid.push({ label: entry.label, ...problem });
    }
    const valid = watched.filter((e) => !invalid.some((i) => i.label === e.label));
    dereferenced = await dereferenceOperations(raw, valid, source);
    if (!dereferenced) throw notValid(source, whole);
  }
  return { source, raw, dereferenced, invalid, notice: wholeNotice(raw, whole, invalid) };
}

/**
 * Where upstream may hold each pinned operation of the pinned spec: its operationId and its route
 * (the diff matches by either), so that a renamed or moved operation is watched too.
 */
export function watchedPins(pinned: JsonObject, pins: string[]): string[] {
  const operations = listSpecOperations(pinned);
  return pins.flatMap((pin) => {
    const label = findOperation(operations, pin)?.label;
    if (!label) return [pin];
    return [label.operationId, `${label.method.toUpperCase()} ${label.path}`].filter(Boolean);
  });
}

/** Reads (URL or file) and loads an OpenAPI document. */
export async function readOpenApi(source: string, limits: ReadLimits): Promise<LoadedDocument> {
  return loadOpenApi(await readSource(source, limits), source);
}

/** Reads (URL or file) and loads upstream for a check of `pins` (see loadUpstream). */
export async function readUpstream(
  source: string,
  limits: ReadLimits,
  pins: string[],
): Promise<UpstreamDocument> {
  return loadUpstream(await readSource(source, limits), source, pins);
}

function parseOpenApi(text: string, source: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const start = JSON.stringify(text.slice(0, 40));
    throw new DriftSourceError(
      `${source} is not JSON (${(error as Error).message}; it starts with ${start})`,
    );
  }
  const raw = asObject(parsed);
  if (!raw || !openApi3Version(raw)) {
    throw new DriftSourceError(
      `${source} is not an OpenAPI 3.0/3.1 document (no "openapi": "3.0.x" or "3.1.x" field)`,
    );
  }
  return raw;
}

// The dereferenced document, or why it is not valid. `raw` keeps its $refs for extraction.
// External refs stay unresolved: the check must never reach beyond the document it was given.
// Real cycles stay cycles: the diff walks them.
async function dereference(
  document: JsonObject,
  source: string,
): Promise<JsonObject | SpecValidationError> {
  try {
    return await dereferenceSpec(document, { file: source, externalRefs: "leave", cycles: "keep" });
  } catch (error) {
    if (error instanceof SpecValidationError) return error;
    throw error;
  }
}

// Some operations of `raw` with what they reach, dereferenced; undefined when that is not valid.
async function dereferenceOperations(
  raw: JsonObject,
  operations: SpecOperation[],
  source: string,
): Promise<JsonObject | undefined> {
  const { document, dangling } = extractOperations(raw, operations);
  if (dangling.length > 0) return undefined;
  const result = await dereference(document, source);
  return result instanceof SpecValidationError ? undefined : result;
}

// Why one operation (with what it reaches) is not valid, or undefined when it is.
async function operationProblem(
  raw: JsonObject,
  entry: SpecOperation,
  source: string,
): Promise<{ reason: string; at: string } | undefined> {
  const { document, dangling } = extractOperations(raw, [entry]);
  if (dangling.length > 0) return { reason: describeDangling(dangling), at: dangling[0]!.at };
  const result = await dereference(document, source);
  if (!(result instanceof SpecValidationError)) return undefined;
  const at = result.pointers[0];
  return {
    reason: problems(result.detail),
    at: at ? pointerPath(at) : ["paths", entry.label.path, entry.label.method].join("."),
  };
}

// The one notice about a document that is not valid as a whole: what is wrong and where.
function wholeNotice(
  raw: JsonObject,
  whole: SpecValidationError,
  invalid: InvalidOperation[],
): string {
  const dangling = danglingRefs(raw);
  const what = dangling.length > 0 ? describeDangling(dangling) : problems(whole.detail);
  return invalid.length === 0
    ? `upstream is not a valid OpenAPI document outside the pinned operations: ${what}. ` +
        "The pinned operations do not reach it: they were validated and compared on their own."
    : `upstream is not a valid OpenAPI document: ${what}. The pinned operations that reach it ` +
        "are reported as operation-invalid; the others were validated and compared on their own.";
}

// `$ref "X" points to nothing (at A, B)`, per target, at most three places each.
function describeDangling(dangling: DanglingRef[]): string {
  const byRef = new Map<string, string[]>();
  for (const { ref, at } of dangling) byRef.set(ref, [...(byRef.get(ref) ?? []), at]);
  return [...byRef]
    .map(([ref, places]) => {
      const shown = places.sort().slice(0, 3).join(", ");
      const more = places.length > 3 ? ` and ${places.length - 3} more` : "";
      return `$ref "${ref}" points to nothing (at ${shown}${more})`;
    })
    .join("; ");
}

// A validation error's lines ("#/paths/~1a/get must ..."), each place named as a change's path
// and only by its first line (the schema's if/else branches add lines about the same place).
function problems(detail: string): string {
  const byPlace = new Map<string, string>();
  for (const line of detail.trim().split("\n")) {
    const match = /^\s*(#\S*)\s+(.*)$/.exec(line);
    const [place, text] = match ? [pointerPath(match[1]!), match[2]!] : ["", line.trim()];
    if (!byPlace.has(place)) byPlace.set(place, place ? `${place} ${text}` : text);
  }
  const lines = [...byPlace.values()];
  const more = lines.length > 3 ? ` (and ${lines.length - 3} more)` : "";
  return lines.slice(0, 3).join("; ") + more;
}

// A JSON pointer ("#/paths/~1a/get") as a dot-separated path ("paths./a.get").
function pointerPath(pointer: string): string {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

function notValid(source: string, error: SpecValidationError): DriftSourceError {
  const detail = error.detail.trim().split("\n").slice(0, 6).join("\n  ");
  return new DriftSourceError(`${source} is not a valid OpenAPI document: ${detail}`);
}

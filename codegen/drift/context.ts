import { asObject, type JsonObject } from "../spec/json.js";
import type { OperationLabel } from "../spec/document-operations.js";
import type { Direction, Noun, RawChange, RawFact } from "./changes.js";

/** Where a node sits: JSON path segments, a readable subject and the kind of node. */
export interface Site {
  path: string[];
  root: string;
  pointer: string;
  noun: Noun;
}

/** State of one comparison walk: the operation, the side, the output and cycle/memo bookkeeping. */
export interface DiffContext {
  op: OperationLabel;
  direction: Direction;
  out: RawChange[];
  stack: Array<[object, object]>;
  // Pairs already compared without any finding; shared per direction, so a component reused
  // by many operations is walked once.
  clean: WeakMap<object, WeakSet<object>>;
}

const DOC_KEYWORDS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "deprecated",
  "tags",
  "$comment",
]);

/** A site below another: extra path segments, and optionally a longer pointer and a new noun. */
export function below(
  site: Site,
  segments: string[],
  pointer = site.pointer,
  noun = site.noun,
): Site {
  return { path: [...site.path, ...segments], root: site.root, pointer, noun };
}

/** A site at the top of a walk: a path from the document root, a subject, no pointer. */
export function rootSite(path: string[], root: string, noun: Noun): Site {
  return { path, root, pointer: "", noun };
}

/** Records a fact found at a site. */
export function emit(ctx: DiffContext, site: Site, fact: RawFact): void {
  const subject = site.pointer ? `${site.root} \`${site.pointer}\`` : site.root;
  ctx.out.push({
    ...fact,
    op: ctx.op,
    direction: ctx.direction,
    noun: site.noun,
    path: site.path.join("."),
    subject,
  });
}

/** Structural equality of JSON values: key order ignored, cycles (from dereferencing) tolerated. */
export function deepEqual(a: unknown, b: unknown, seen = new Map<object, Set<object>>()): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const pairs = seen.get(a) ?? new Set<object>();
  if (pairs.has(b)) return true;
  seen.set(a, pairs.add(b));
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => deepEqual(value, b[i], seen));
  }
  const left = a as JsonObject;
  const right = b as JsonObject;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => key in right && deepEqual(left[key], right[key], seen));
}

/** Compares the keys a caller did not handle: documentation keys are docs, anything else a contract change. */
export function compareRest(
  before: JsonObject,
  after: JsonObject,
  handled: ReadonlySet<string>,
  site: Site,
  ctx: DiffContext,
): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const keyword of keys) {
    if (handled.has(keyword)) continue;
    const [a, b] = [before[keyword], after[keyword]];
    const docs = DOC_KEYWORDS.has(keyword) || keyword.startsWith("x-");
    // Tag order carries no meaning.
    const same = keyword === "tags" ? deepEqual(sorted(a), sorted(b)) : deepEqual(a, b);
    if (same) continue;
    const type = docs ? "doc-changed" : "keyword-changed";
    emit(ctx, below(site, [keyword]), { type, keyword, before: a, after: b });
  }
}

/** The object at `key` of a node, or an empty object. */
export function child(node: JsonObject, key: string): JsonObject {
  return asObject(node[key]) ?? {};
}

function sorted(value: unknown): unknown {
  return Array.isArray(value) ? value.map((v) => JSON.stringify(v)).sort() : value;
}

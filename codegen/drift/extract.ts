import { asObject, type JsonObject } from "../spec/json.js";
import {
  isHttpMethod,
  findOperation,
  listSpecOperations,
  type SpecOperation as OperationEntry,
} from "../spec/document-operations.js";
import { DriftSourceError } from "./errors.js";

/** A `$ref` into the document's components that points to nothing, and where it sits. */
export interface DanglingRef {
  ref: string;
  /** The JSON path of the node holding the `$ref`, dot-separated like a change's path. */
  at: string;
}

/** A document holding some operations of another, and the `$ref`s among them that lead nowhere. */
export interface Extracted {
  document: JsonObject;
  dangling: DanglingRef[];
}

/** A self-contained document with only the pinned operations of `raw` and the components they reference. */
export function extractPinned(raw: JsonObject, pins: string[]): JsonObject {
  const operations = listSpecOperations(raw);
  const selected = pins.map((pin) => {
    const entry = findOperation(operations, pin);
    if (!entry)
      throw new DriftSourceError(
        `upstream has no operation "${pin}"; remove it from the pinned operations or pin its new operationId`,
      );
    return entry;
  });
  const { document, dangling } = extractOperations(raw, selected);
  const first = dangling[0];
  if (first)
    throw new DriftSourceError(`upstream $ref ${first.ref} points to nothing (at ${first.at})`);
  return document;
}

/**
 * The operations `selected` of `raw` as a document of their own: the document's top-level fields,
 * their path items (with those operations only) and every component they reach, transitively.
 * A `$ref` that points to nothing is kept as it is and listed in `dangling`.
 */
export function extractOperations(raw: JsonObject, selected: OperationEntry[]): Extracted {
  const paths = selectPaths(raw, selected);
  const components = asObject(raw["components"]) ?? {};
  const walk = new RefWalk(components);
  walk.visit(paths, ["paths"]);
  const schemes = walk.wanted.get("securitySchemes") ?? new Set<string>();
  for (const list of [raw["security"], ...selected.map((e) => e.operation["security"])]) {
    for (const requirement of Array.isArray(list) ? list : []) {
      for (const scheme of Object.keys(asObject(requirement) ?? {})) schemes.add(scheme);
    }
  }
  if (schemes.size > 0) walk.wanted.set("securitySchemes", schemes);
  const declared = asObject(components["securitySchemes"]) ?? {};
  for (const scheme of schemes) {
    if (declared[scheme] !== undefined)
      walk.visit(declared[scheme], ["components", "securitySchemes", scheme]);
  }

  const document: JsonObject = {};
  for (const key of ["openapi", "info", "jsonSchemaDialect", "servers", "security"]) {
    if (raw[key] !== undefined) document[key] = raw[key];
  }
  const usedTags = new Set(
    selected.flatMap((e) =>
      Array.isArray(e.operation["tags"]) ? e.operation["tags"].map(String) : [],
    ),
  );
  const tags = Array.isArray(raw["tags"])
    ? raw["tags"].filter((t) => usedTags.has(String(asObject(t)?.["name"])))
    : [];
  if (tags.length > 0) document["tags"] = tags;
  document["paths"] = paths;
  const kept: JsonObject = {};
  // Upstream order, not discovery order, so the output does not depend on the walk.
  for (const [section, entries] of Object.entries(components)) {
    const names = walk.wanted.get(section);
    if (names) kept[section] = pick(asObject(entries) ?? {}, names);
  }
  if (Object.keys(kept).length > 0) document["components"] = kept;
  return { document: structuredClone(document), dangling: walk.dangling };
}

function selectPaths(raw: JsonObject, selected: OperationEntry[]): JsonObject {
  const paths: JsonObject = {};
  for (const [path, item] of Object.entries(asObject(raw["paths"]) ?? {})) {
    const methods = new Set(
      selected.filter((e) => e.label.path === path).map((e) => e.label.method),
    );
    if (methods.size === 0) continue;
    // Path-level keys (parameters, servers, summary) apply to the kept operations too.
    const entries = Object.entries(asObject(item) ?? {}).filter(
      ([key]) => !isHttpMethod(key) || methods.has(key),
    );
    paths[path] = Object.fromEntries(entries);
  }
  return paths;
}

function pick(entries: JsonObject, names: Set<string>): JsonObject {
  return Object.fromEntries(Object.entries(entries).filter(([name]) => names.has(name)));
}

/** Every `$ref` of a document into its components that points to nothing, in no set order. */
export function danglingRefs(raw: JsonObject): DanglingRef[] {
  const walk = new RefWalk(asObject(raw["components"]) ?? {}, false);
  walk.visit(raw, []);
  return walk.dangling;
}

// A JSON path as a chain of parents: built into a string only for a dangling reference.
interface Trail {
  key: string;
  parent: Trail | undefined;
}

function trailOf(path: string[]): Trail | undefined {
  return path.reduce<Trail | undefined>((parent, key) => ({ key, parent }), undefined);
}

function pathOf(trail: Trail | undefined): string {
  const keys: string[] = [];
  for (let t = trail; t; t = t.parent) keys.push(t.key);
  return keys.reverse().join(".");
}

// Walks nodes, adding every "#/components/<section>/<name>" they reference (and, with `follow`,
// what those reference in turn); a reference to a component that does not exist is recorded
// with where it sits.
class RefWalk {
  readonly wanted = new Map<string, Set<string>>();
  readonly dangling: DanglingRef[] = [];

  constructor(
    private readonly components: JsonObject,
    private readonly follow = true,
  ) {}

  visit(node: unknown, at: string[]): void {
    const pending: Array<[unknown, Trail | undefined]> = [[node, trailOf(at)]];
    while (pending.length > 0) {
      const [current, trail] = pending.pop()!;
      if (Array.isArray(current)) {
        current.forEach((item, i) => pending.push([item, { key: String(i), parent: trail }]));
        continue;
      }
      const object = asObject(current);
      if (!object) continue;
      const ref = object["$ref"];
      const parsed = typeof ref === "string" ? parseRef(ref) : undefined;
      if (typeof ref === "string" && !parsed && this.follow) throw unsupportedRef(ref);
      if (typeof ref === "string" && parsed) {
        const [section, name] = parsed;
        const names = this.wanted.get(section) ?? new Set<string>();
        const target = asObject(this.components[section])?.[name];
        if (target === undefined) {
          this.dangling.push({ ref, at: pathOf(trail) });
        } else if (!names.has(name)) {
          this.wanted.set(section, names.add(name));
          if (this.follow) pending.push([target, trailOf(["components", section, name])]);
        }
      }
      for (const key in object) pending.push([object[key], { key, parent: trail }]);
    }
  }
}

// The component a `$ref` names, or undefined when it points elsewhere (another file, a path).
function parseRef(ref: string): [string, string] | undefined {
  const match = /^#\/components\/([^/]+)\/([^/]+)(?:\/.*)?$/.exec(ref);
  if (!match) return undefined;
  const unescape = (token: string): string =>
    decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
  return [unescape(match[1]!), unescape(match[2]!)];
}

function unsupportedRef(ref: string): DriftSourceError {
  return new DriftSourceError(
    `cannot extract $ref ${ref}: only references into #/components/ of the same document are supported`,
  );
}

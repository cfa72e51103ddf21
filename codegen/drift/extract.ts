import { asObject, type JsonObject } from "../spec/json.js";
import {
  HTTP_METHODS,
  findOperation,
  listSpecOperations,
  type SpecOperation as OperationEntry,
} from "../spec/operations.js";
import { DriftSourceError } from "./errors.js";

/** A self-contained document with only the pinned operations of `raw` and the components they reference. */
export function extractPinned(raw: JsonObject, pins: string[]): JsonObject {
  const operations = listSpecOperations(raw);
  const selected = pins.map((pin) => {
    const entry = findOperation(operations, pin);
    if (!entry)
      throw new DriftSourceError(
        `upstream has no operation "${pin}"; remove it from the pin's operations or pin its new operationId`,
      );
    return entry;
  });
  const paths = selectPaths(raw, selected);
  const components = asObject(raw["components"]) ?? {};
  const wanted = new Map<string, Set<string>>();
  collectRefs(paths, components, wanted);
  const schemes = wanted.get("securitySchemes") ?? new Set<string>();
  for (const list of [raw["security"], ...selected.map((e) => e.operation["security"])]) {
    for (const requirement of Array.isArray(list) ? list : []) {
      for (const scheme of Object.keys(asObject(requirement) ?? {})) schemes.add(scheme);
    }
  }
  if (schemes.size > 0) wanted.set("securitySchemes", schemes);
  collectRefs(pick(asObject(components["securitySchemes"]) ?? {}, schemes), components, wanted);

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
    const names = wanted.get(section);
    if (names) kept[section] = pick(asObject(entries) ?? {}, names);
  }
  if (Object.keys(kept).length > 0) document["components"] = kept;
  return structuredClone(document);
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
      ([key]) => !HTTP_METHODS.includes(key) || methods.has(key),
    );
    paths[path] = Object.fromEntries(entries);
  }
  return paths;
}

function pick(entries: JsonObject, names: Set<string>): JsonObject {
  return Object.fromEntries(Object.entries(entries).filter(([name]) => names.has(name)));
}

// Walks a node, adding every "#/components/<section>/<name>" it references, transitively.
function collectRefs(
  node: unknown,
  components: JsonObject,
  wanted: Map<string, Set<string>>,
): void {
  const pending: unknown[] = [node];
  while (pending.length > 0) {
    const current = pending.pop();
    if (Array.isArray(current)) {
      pending.push(...(current as unknown[]));
      continue;
    }
    const object = asObject(current);
    if (!object) continue;
    const ref = object["$ref"];
    if (typeof ref === "string") {
      const [section, name] = parseRef(ref);
      const names = wanted.get(section) ?? new Set<string>();
      wanted.set(section, names);
      if (!names.has(name)) {
        const target = asObject(components[section])?.[name];
        if (target === undefined)
          throw new DriftSourceError(`upstream $ref ${ref} points to nothing`);
        names.add(name);
        pending.push(target);
      }
    }
    pending.push(...Object.values(object));
  }
}

function parseRef(ref: string): [string, string] {
  const match = /^#\/components\/([^/]+)\/([^/]+)(?:\/.*)?$/.exec(ref);
  if (!match) {
    throw new DriftSourceError(
      `cannot extract $ref ${ref}: only references into #/components/ of the same document are supported`,
    );
  }
  const unescape = (token: string): string =>
    decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
  return [unescape(match[1]!), unescape(match[2]!)];
}

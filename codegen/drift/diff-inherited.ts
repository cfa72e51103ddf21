import { asObject, type JsonObject } from "../spec/json.js";
import type { DocumentPair } from "./changes.js";
import { below, child, deepEqual, emit, rootSite as site, type DiffContext } from "./context.js";
import type { SpecOperation as OperationEntry } from "../spec/document-operations.js";

// Each security requirement is one way to authenticate; the list offers alternatives.
function requirements(list: unknown): Set<string> {
  const alternatives = Array.isArray(list) ? list : [];
  if (alternatives.length === 0) return new Set(["(none)"]);
  return new Set(
    alternatives.map((item) => {
      const entries = Object.entries(asObject(item) ?? {}).sort(([x], [y]) => x.localeCompare(y));
      if (entries.length === 0) return "(none)";
      return entries
        .map(([scheme, scopes]) => {
          const list = Array.isArray(scopes) ? scopes.map(String).sort() : [];
          return list.length ? `${scheme}[${list.join(" ")}]` : scheme;
        })
        .join(" + ");
    }),
  );
}

/** Compares the effective security requirements of an operation and the schemes they use. */
export function compareSecurity(
  pinned: OperationEntry,
  target: OperationEntry,
  base: string[],
  docs: DocumentPair,
  ctx: DiffContext,
): void {
  const own = "security" in target.operation;
  const before = requirements(pinned.operation["security"] ?? docs.pinned["security"]);
  const after = requirements(target.operation["security"] ?? docs.upstream["security"]);
  const at = site(own ? [...base, "security"] : ["security"], "security", "operation");
  for (const requirement of before) {
    if (!after.has(requirement)) emit(ctx, at, { type: "security-removed", requirement });
  }
  for (const requirement of after) {
    if (!before.has(requirement)) emit(ctx, at, { type: "security-added", requirement });
  }
  const schemes = (doc: JsonObject): JsonObject =>
    child(child(doc, "components"), "securitySchemes");
  const used = [...before, ...after].flatMap((r) =>
    r.split(" + ").map((s) => s.replace(/\[.*$/, "")),
  );
  for (const scheme of new Set(used)) {
    const [a, b] = [
      asObject(schemes(docs.pinned)[scheme]),
      asObject(schemes(docs.upstream)[scheme]),
    ];
    if (!a || !b) continue;
    const where = site(
      ["components", "securitySchemes", scheme],
      `security scheme \`${scheme}\``,
      "operation",
    );
    const { description: da, ...restA } = a;
    const { description: db, ...restB } = b;
    if (!deepEqual(restA, restB)) emit(ctx, where, { type: "security-scheme-changed", scheme });
    else if (!deepEqual(da, db))
      emit(ctx, below(where, ["description"]), {
        type: "doc-changed",
        keyword: "description",
        before: da,
        after: db,
      });
  }
}

// The effective servers come from the innermost level that declares them.
function servers(
  entry: OperationEntry,
  doc: JsonObject,
  base: string[],
): { urls: Set<string>; path: string[] } {
  const levels: Array<[unknown, string[]]> = [
    [entry.operation["servers"], [...base, "servers"]],
    [entry.pathItem["servers"], [...base.slice(0, 2), "servers"]],
    [doc["servers"], ["servers"]],
  ];
  const [list, path] = levels.find(([value]) => Array.isArray(value)) ?? [
    [{ url: "/" }],
    ["servers"],
  ];
  const urls = (list as unknown[]).map((s) => String(asObject(s)?.["url"]));
  return { urls: new Set(urls), path };
}

/** Compares the effective server URLs of an operation. */
export function compareServers(
  pinned: OperationEntry,
  target: OperationEntry,
  base: string[],
  docs: DocumentPair,
  ctx: DiffContext,
): void {
  const before = servers(pinned, docs.pinned, base);
  const after = servers(target, docs.upstream, base);
  for (const url of before.urls) {
    if (!after.urls.has(url))
      emit(ctx, site(after.path, "servers", "operation"), { type: "server-removed", url });
  }
  for (const url of after.urls) {
    if (!before.urls.has(url))
      emit(ctx, site(after.path, "servers", "operation"), { type: "server-added", url });
  }
}

import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { OpenAPIV3_1 } from "openapi-types";
import { afterAll, describe, expect, it } from "vitest";
import { SpecError } from "../../codegen/spec/spec-error.js";
import { listOperations, pascalCase, selectOperations } from "../../codegen/named-operations.js";
import { generate } from "../../codegen/pipeline.js";
import { openApiDoc, removeTempDirs, tempDir, writeSpec } from "./fixture-files.js";

afterAll(removeTempDirs);

const responses = { "204": { description: "done" } };

/** A document whose operations are given as `"METHOD /path": operationId | undefined`. */
function docWith(operations: Record<string, string | undefined>): OpenAPIV3_1.Document {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, operationId] of Object.entries(operations)) {
    const [method, path] = key.split(" ") as [string, string];
    paths[path] = { ...paths[path], [method.toLowerCase()]: { operationId, responses } };
  }
  return openApiDoc(paths) as unknown as OpenAPIV3_1.Document;
}

/** The generated name of each operation, keyed by `METHOD /path`. */
function names(document: OpenAPIV3_1.Document): Record<string, string> {
  const ops = listOperations(document);
  return Object.fromEntries(ops.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.name]));
}

describe("pascalCase", () => {
  it.each([
    ["bulkAddLeads", "BulkAddLeads"],
    ["createAPIKey", "CreateAPIKey"],
    ["get-account", "GetAccount"],
    ["bulk_add-leads", "BulkAddLeads"],
    ["2fa", "Op2fa"],
    ["post /api/v2/leads/{id}", "PostApiV2LeadsId"],
  ])("%s -> %s", (text, expected) => {
    expect(pascalCase(text)).toBe(expected);
  });
});

describe("listOperations", () => {
  const base = { "POST /leads/add": "bulkAddLeads", "GET /accounts/{id}": undefined };

  it("names operations by operationId, else by method and path, in path order", () => {
    expect(Object.entries(names(docWith(base)))).toEqual([
      ["POST /leads/add", "BulkAddLeads"],
      ["GET /accounts/{id}", "GetAccountsId"],
    ]);
  });

  it("falls back to method and path for both operations whose operationIds clash", () => {
    const clashing = docWith({ "GET /accounts": "get-account", "POST /accounts": "getAccount" });
    expect(names(clashing)).toEqual({
      "GET /accounts": "GetAccounts",
      "POST /accounts": "PostAccounts",
    });
  });

  it.each([
    { added: "an operation with an operationId", op: { "DELETE /leads/{id}": "deleteLead" } },
    { added: "an operation without one", op: { "PATCH /accounts/{id}": undefined } },
    { added: "an operation on a new path", op: { "GET /a": "first" } },
  ])("keeps every other name when $added is added", ({ op }) => {
    const after = names(docWith({ ...op, ...base }));
    expect(after).toMatchObject(names(docWith(base)));
  });

  it.each([
    {
      clash: "an operationId equal to another operation's method-and-path name",
      operations: { "GET /items/{id}": undefined, "GET /items/id": "GetItemsId" },
    },
    {
      clash: "two paths that differ only in punctuation",
      operations: { "GET /a-b": undefined, "GET /a_b": undefined },
    },
  ])("gives unique names when $clash", ({ operations }) => {
    const given = Object.values(names(docWith(operations)));
    expect(new Set(given).size).toBe(given.length);
  });
});

describe("selectOperations", () => {
  const all = listOperations(docWith({ "POST /leads/add": "bulkAddLeads", "GET /me": "getMe" }));

  it.each([
    { pinned: undefined, expected: ["BulkAddLeads", "GetMe"] },
    { pinned: ["getMe"], expected: ["GetMe"] },
    { pinned: ["POST /leads/add"], expected: ["BulkAddLeads"] },
    { pinned: ["getMe", "POST /leads/add"], expected: ["GetMe", "BulkAddLeads"] },
  ])("selects $expected for pin $pinned (none: all)", ({ pinned, expected }) => {
    expect(selectOperations(all, pinned, "spec.json").map((op) => op.name)).toEqual(expected);
  });

  it("lists every pinned operation the document lacks", () => {
    const pinned = ["getMe", "deleteLead", "post /leads/add"];
    const error = (() => {
      try {
        return selectOperations(all, pinned, "spec.json");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toBe(
      "spec.json #/paths: pinned operations not in the document: deleteLead, post /leads/add",
    );
  });

  it("writes nothing when a pinned operation is missing", async () => {
    const document = docWith({ "GET /me": "getMe" });
    const specPath = await writeSpec(await tempDir(), document, { operations: ["bulkAddLeads"] });
    const outDir = join(await tempDir(), "generated");
    await mkdir(outDir);
    await expect(generate({ specPath, outDir })).rejects.toThrow(/bulkAddLeads/);
    expect(await readdir(outDir)).toEqual([]);
  });
});

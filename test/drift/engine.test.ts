import { describe, expect, it } from "vitest";
import { checkDrift } from "../../codegen/drift/check.js";
import { extractPinned } from "../../codegen/drift/extract.js";
import { loadOpenApi } from "../../codegen/drift/load-upstream.js";
import type { Json } from "./fixtures.js";

/** A one-operation document: POST /items with the given request and 200-response schemas. */
function document(request: Json, response: Json, schemas: Json): Json {
  const content = (schema: Json) => ({ "application/json": { schema } });
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/items": {
        post: {
          operationId: "createItem",
          requestBody: { content: content(request) },
          responses: { "200": { description: "ok", content: content(response) } },
        },
      },
    },
    components: { schemas },
  };
}

async function drift(before: Json, after: Json) {
  const [a, b] = await Promise.all([
    loadOpenApi(JSON.stringify(before), "before"),
    loadOpenApi(JSON.stringify(after), "after"),
  ]);
  return checkDrift(a.dereferenced, b.dereferenced, ["createItem"]).map((c) => [
    c.level,
    c.kind,
    c.path,
  ]);
}

const REQUEST = "paths./items.post.requestBody.content.application/json.schema";
const RESPONSE = "paths./items.post.responses.200.content.application/json.schema";

describe("diff engine", () => {
  it("reports a change inside a recursive schema once, and terminates", async () => {
    const tree = (name: string): Json => ({
      type: "object",
      properties: {
        name: { type: name },
        children: { type: "array", items: { $ref: "#/components/schemas/Tree" } },
      },
    });
    const ref = { $ref: "#/components/schemas/Tree" };
    const changes = await drift(
      document(ref, ref, { Tree: tree("string") }),
      document(ref, ref, { Tree: tree("integer") }),
    );
    expect(changes).toEqual([
      ["breaking", "request-property-type-changed", `${REQUEST}.properties.name.type`],
      ["breaking", "response-property-type-changed", `${RESPONSE}.properties.name.type`],
    ]);
  });

  it("judges a shared component by where it is used", async () => {
    const item = (properties: Json): Json => ({
      type: "object",
      properties,
      additionalProperties: false,
    });
    const ref = { $ref: "#/components/schemas/Item" };
    const before = document(ref, ref, {
      Item: item({ id: { type: "string" }, nick: { type: "string" } }),
    });
    const after = document(ref, ref, { Item: item({ id: { type: "string" } }) });
    expect(await drift(before, after)).toEqual([
      ["breaking", "request-property-removed", `${REQUEST}.properties.nick`],
      ["non-breaking", "response-optional-property-removed", `${RESPONSE}.properties.nick`],
    ]);
  });

  it("treats a response maxLength removal as breaking and a request one as not", async () => {
    const schema = (maxLength?: number): Json => ({
      type: "string",
      ...(maxLength ? { maxLength } : {}),
    });
    expect(
      await drift(document(schema(10), schema(10), {}), document(schema(), schema(), {})),
    ).toEqual([
      ["breaking", "response-body-max-length-removed", `${RESPONSE}.maxLength`],
      ["non-breaking", "request-body-max-length-removed", `${REQUEST}.maxLength`],
    ]);
  });

  it("refuses to extract an operation that references another file", () => {
    const doc = document({ $ref: "common.json#/Item" }, { type: "string" }, {});
    expect(() => extractPinned(doc, ["createItem"])).toThrow(
      /cannot extract \$ref common\.json#\/Item/,
    );
  });

  it("selects pinned operations by METHOD /path as well as by operationId", () => {
    const doc = document({ type: "string" }, { type: "string" }, {});
    expect(Object.keys(extractPinned(doc, ["POST /items"])["paths"] as object)).toEqual(["/items"]);
  });

  it("refuses to extract an operation reaching a $ref that points to nothing, naming where it sits", () => {
    const doc = document(
      { $ref: "#/components/schemas/Item" },
      { type: "string" },
      {
        Item: { type: "object", properties: { tag: { $ref: "#/components/schemas/Tag" } } },
      },
    );
    expect(() => extractPinned(doc, ["createItem"])).toThrow(
      "upstream $ref #/components/schemas/Tag points to nothing (at components.schemas.Item.properties.tag)",
    );
  });
});

import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { operationConstants, type OperationConstants } from "../../codegen/constants-model.js";
import { listOperations } from "../../codegen/named-operations.js";
import { validateSpec } from "../../codegen/validate.js";
import { fixture, okResponse, openApiDoc } from "./fixture-files.js";

/** Every operation's constants of a document, keyed by operation name. */
async function constantsOf(document: object): Promise<Record<string, OperationConstants>> {
  const { dereferenced } = await validateSpec(document, "t.json");
  const entries = listOperations(dereferenced).map((op) => [
    op.name,
    operationConstants(dereferenced, op),
  ]);
  return Object.fromEntries(entries) as Record<string, OperationConstants>;
}

/** Compiles a request body schema on its own, as the lead validator does. */
function compile(schema: unknown): (data: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false });
  addFormatsModule.default(ajv);
  const validate = ajv.compile(schema as object);
  return (data) => validate(data);
}

const treeDoc = (bodySchema: unknown) =>
  openApiDoc(
    {
      "/trees": {
        post: {
          operationId: "plant",
          requestBody: { content: { "application/json": { schema: bodySchema } } },
          responses: okResponse(),
        },
      },
    },
    {
      components: {
        schemas: {
          Tree: {
            type: "object",
            properties: {
              name: { type: "string", enum: ["root", "leaf"] },
              children: {
                type: "array",
                maxItems: 3,
                items: { $ref: "#/components/schemas/Tree" },
              },
            },
          },
        },
      },
    },
  );

const cycleBodies = [
  {
    body: "is the circular component",
    schema: { $ref: "#/components/schemas/Tree" },
    wrap: (tree: object) => tree,
    at: "",
    properties: ["name", "children"],
  },
  {
    body: "holds the circular component",
    schema: { type: "object", properties: { tree: { $ref: "#/components/schemas/Tree" } } },
    wrap: (tree: object) => ({ tree }),
    at: "tree",
    properties: ["tree"],
  },
];

describe("operationConstants", () => {
  let items: Record<string, OperationConstants> = {};
  beforeAll(async () => {
    items = await constantsOf(await fixture("items-api.json"));
  });

  it("names the operation, its method and path", () => {
    const { operationId, method, path } = items["AddItems"]!;
    expect({ operationId, method, path }).toEqual({
      operationId: "addItems",
      method: "POST",
      path: "/items/add",
    });
    expect(items["PostTrees"]!.operationId).toBeNull();
  });

  it("inlines the $ref'd request body schema and lists its properties", () => {
    const body = items["AddItems"]!.requestBody!;
    expect(body).toMatchObject({
      required: true,
      mediaType: "application/json",
      properties: ["items", "list_id"],
      requiredProperties: ["items"],
    });
    expect(JSON.stringify(body.schema)).not.toContain("$ref");
    expect(body.schema.properties?.["items"]).toMatchObject({
      items: { additionalProperties: false, properties: { email: { format: "email" } } },
    });
    expect(items["GetItem"]!.requestBody).toBeNull();
  });

  it("records every array's bounds and item properties under its path", () => {
    expect(items["AddItems"]!.arrays).toEqual({
      items: {
        minItems: 1,
        maxItems: 50,
        itemProperties: ["email", "status", "kind", "tags"],
        itemRequired: [],
      },
      "items[].tags": { minItems: null, maxItems: 5, itemProperties: [], itemRequired: [] },
    });
  });

  it.each([
    {
      operation: "AddItems",
      at: "requestBody.items[].status",
      values: [1, 2, -1],
      labels: { "1": "New", "2": "Open", "-1": "Closed" },
    },
    {
      operation: "AddItems",
      at: "requestBody.items[].kind",
      values: ["a", "b"],
      labels: { a: "Alpha", b: "Beta" },
    },
    { operation: "AddItems", at: "responses.401.statusCode", values: [401], labels: {} },
    { operation: "AddItems", at: "responses.429.statusCode", values: [429], labels: {} },
    { operation: "GetItem", at: "parameters.query.limit", values: [10, 50], labels: {} },
    {
      operation: "GetItem",
      at: "responses.200.kind",
      values: ["a", "b"],
      labels: { a: "Alpha", b: "Beta" },
    },
  ])("records the enum at $at of $operation", ({ operation, at, values, labels }) => {
    expect(items[operation]!.enums[at]).toEqual({ values, labels });
  });

  it("lists the documented response statuses", () => {
    expect(items["AddItems"]!.responseStatuses).toEqual(["200", "401", "429"]);
    expect(items["PostTrees"]!.responseStatuses).toEqual(["204"]);
  });

  it("gives a schema that Ajv 2020 compiles alone and that checks formats and extra fields", () => {
    const valid = compile(items["AddItems"]!.requestBody!.schema);
    const lead = { email: "a@example.com", status: 2, kind: "a", tags: ["x"] };
    expect(valid({ items: [lead] })).toBe(true);
    expect(valid({ items: [] })).toBe(false);
    expect(valid({ items: [{ ...lead, nickname: "Al" }] })).toBe(false);
    expect(valid({ items: [{ ...lead, email: "not an email" }] })).toBe(false);
    expect(valid({ items: [lead], list_id: "not-a-uuid" })).toBe(false);
  });

  it.each(cycleBodies)(
    "moves a cycle into the schema's own definitions when the body $body",
    async ({ schema, wrap }) => {
      const body = (await constantsOf(treeDoc(schema)))["Plant"]!.requestBody!;
      const text = JSON.stringify(body.schema);
      expect(text).not.toContain("#/components/");
      expect(text).toContain('"$ref":"#/$defs/Tree"');
      const valid = compile(body.schema);
      expect(valid(wrap({ name: "root", children: [{ name: "leaf", children: [] }] }))).toBe(true);
      expect(valid(wrap({ name: "root", children: [{ name: "branch" }] }))).toBe(false);
      expect(valid(wrap({ children: [{ children: [{}, {}, {}, {}] }] }))).toBe(false);
    },
  );

  it.each(cycleBodies)(
    "records the properties, arrays and enums of a cycle when the body $body",
    async ({ schema, at, properties }) => {
      const plant = (await constantsOf(treeDoc(schema)))["Plant"]!;
      expect(plant.requestBody!.properties).toEqual(properties);
      const prefix = at ? `${at}.` : "";
      expect(plant.arrays[`${prefix}children`]).toMatchObject({
        maxItems: 3,
        itemProperties: ["name", "children"],
      });
      expect(plant.enums[`requestBody.${prefix}name`]).toEqual({
        values: ["root", "leaf"],
        labels: {},
      });
    },
  );
});

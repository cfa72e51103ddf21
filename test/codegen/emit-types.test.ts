import { readFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import { Node, Project, type TypeNode } from "ts-morph";
import { beforeAll, describe, expect, it } from "vitest";
import { emitTypes } from "../../codegen/emit-types.js";
import { validateSpec } from "../../codegen/validate.js";
import { fixture, openApiDoc, squash } from "./fixture-files.js";

const cases = [
  { openapi: "3.1.0", schema: { type: ["string", "null"] }, type: "string | null" },
  { openapi: "3.1.0", schema: { type: ["integer", "null"] }, type: "number | null" },
  { openapi: "3.0.3", schema: { type: "string", nullable: true }, type: "string | null" },
  { openapi: "3.1.0", schema: { type: "integer", enum: [1, 2, -1] }, type: "1 | 2 | -1" },
  { openapi: "3.1.0", schema: { type: "string", enum: ["a", "b"] }, type: '"a" | "b"' },
  { openapi: "3.1.0", schema: { type: ["string", "null"], enum: ["a", null] }, type: '"a" | null' },
  { openapi: "3.1.0", schema: { const: 429 }, type: "429" },
  {
    openapi: "3.1.0",
    schema: { $ref: "#/components/schemas/Lead" },
    type: 'components["schemas"]["Lead"]',
  },
  {
    openapi: "3.1.0",
    schema: { type: "array", items: { $ref: "#/components/schemas/Lead" } },
    type: 'components["schemas"]["Lead"][]',
  },
];

const lead = {
  type: "object",
  additionalProperties: false,
  properties: { email: { type: "string", format: "email" } },
};
const openWithExtras = {
  type: "object",
  properties: { note: { type: "string" } },
  additionalProperties: true,
};

/** Emits the types of a document whose `Probe` schema has one property per case of that version. */
async function emitProbe(openapi: string): Promise<string> {
  const mine = cases.filter((c) => c.openapi === openapi);
  const probe = {
    type: "object",
    properties: Object.fromEntries(mine.map((c, i) => [`p${i}`, c.schema])),
  };
  const components = { schemas: { Probe: probe, Lead: lead, OpenWithExtras: openWithExtras } };
  const paths = {
    "/leads": {
      post: {
        requestBody: {
          content: { "application/json": { schema: { $ref: "#/components/schemas/Probe" } } },
        },
        responses: { "204": { description: "done" } },
      },
    },
  };
  const { bundled } = await validateSpec(openApiDoc(paths, { openapi, components }), "t.json");
  return emitTypes(bundled);
}

/** The type node of `components["schemas"][name]` in emitted source. */
function componentSchema(source: string, name: string): TypeNode {
  const file = new Project({ useInMemoryFileSystem: true }).createSourceFile("schema.ts", source);
  const schemas = file.getInterfaceOrThrow("components").getPropertyOrThrow("schemas");
  const literal = schemas.getTypeNodeOrThrow();
  if (!Node.isTypeLiteral(literal)) throw new Error("components.schemas is not a type literal");
  return literal.getPropertyOrThrow(name).getTypeNodeOrThrow();
}

describe("emitTypes", () => {
  const emitted = new Map<string, string>();
  beforeAll(async () => {
    for (const openapi of ["3.0.3", "3.1.0"]) emitted.set(openapi, await emitProbe(openapi));
  });

  it.each(cases.map((c) => ({ ...c, i: cases.filter((d) => d.openapi === c.openapi).indexOf(c) })))(
    "$openapi $schema -> $type",
    ({ openapi, i, type }) => {
      const probe = componentSchema(emitted.get(openapi)!, "Probe");
      if (!Node.isTypeLiteral(probe)) throw new Error("Probe is not a type literal");
      expect(probe.getPropertyOrThrow(`p${i}`).getTypeNodeOrThrow().getText()).toBe(type);
    },
  );

  it.each([
    { name: "Lead", additionalProperties: false, property: "email?", extras: false },
    { name: "OpenWithExtras", additionalProperties: true, property: "note?", extras: true },
  ])(
    "gives $name (additionalProperties: $additionalProperties) an index signature: $extras",
    ({ name, property, extras }) => {
      const text = componentSchema(emitted.get("3.1.0")!, name).getText();
      expect(text).toContain(property);
      expect(text.includes("[key: string]: unknown")).toBe(extras);
    },
  );

  it("refers to a $ref'd request body schema by its component name", () => {
    expect(squash(emitted.get("3.1.0")!)).toContain(
      '"application/json": components["schemas"]["Probe"];',
    );
  });
});

// The thread calls openapi-typescript's transform directly, with openapiTS()'s defaults: an
// upgrade that changes those defaults or the context must show up here, not in users' types.
describe("emitTypes beside openapiTS()", () => {
  const discriminated = openApiDoc(
    {},
    {
      components: {
        schemas: {
          Pet: {
            type: "object",
            required: ["kind"],
            properties: { kind: { type: "string" } },
            discriminator: { propertyName: "kind", mapping: { cat: "#/components/schemas/Cat" } },
          },
          Cat: { allOf: [{ $ref: "#/components/schemas/Pet" }, { type: "object" }] },
        },
      },
    },
  );
  it.each([
    [
      "the pinned spec",
      async () => JSON.parse(await readFile("spec/instantly-api-v2.json", "utf8")),
    ],
    ["the items fixture", () => fixture("items-api.json")],
    ["a document with a discriminator", () => Promise.resolve(discriminated)],
  ])("prints exactly what openapiTS() prints for %s", async (_name, load) => {
    const document = (await load()) as Record<string, unknown>;
    const expected = astToString(
      await openapiTS(structuredClone(document) as never, {
        alphabetize: false,
        exportType: false,
        silent: true,
      }),
    );
    expect(await emitTypes(document as never)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { SpecError } from "../../codegen/spec/spec-error.js";
import { validateSpec } from "../../codegen/validate.js";
import { okResponse, openApiDoc } from "./fixture-files.js";

const file = "specs/fixture.json";
const leadRef = { $ref: "#/components/schemas/Lead" };
const leadSchema = { type: "object", properties: { email: { type: "string" } } };
const getLead = { "/lead": { get: { responses: okResponse(leadRef) } } };
const treeSchema = {
  type: "object",
  properties: { children: { type: "array", items: { $ref: "#/components/schemas/Tree" } } },
};

/** Matches a JSON pointer on its own, not as the start of a longer one. */
function standalone(pointer: string): RegExp {
  return new RegExp(`(^|[\\s"])${pointer.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([\\s"]|$)`);
}

/** The schema of `GET /lead`'s 200 response in a validated view. */
function leadResponseSchema(document: object): Record<string, unknown> {
  const view = document as {
    paths: Record<string, { get: { responses: Record<string, unknown> } }>;
  };
  const response = view.paths["/lead"]?.get.responses["200"] as {
    content: { "application/json": { schema: Record<string, unknown> } };
  };
  return response.content["application/json"].schema;
}

describe("validateSpec", () => {
  it.each([
    {
      problem: "a missing info",
      document: { openapi: "3.1.0", paths: {} },
      pointer: "#",
      detail: "info",
    },
    {
      problem: "an operation that is not an object",
      document: openApiDoc({ "/leads": { get: "list the leads" } }),
      pointer: "#/paths/~1leads/get",
      detail: "must be object",
    },
    {
      problem: "a path that does not start with /",
      document: openApiDoc({ leads: { get: { responses: okResponse() } } }),
      pointer: "#/paths",
      detail: "leads",
    },
    {
      problem: "a $ref to a missing component",
      document: openApiDoc(getLead),
      pointer: "#/components/schemas/Lead",
      detail: "Missing $ref",
    },
  ])("refuses $problem, naming the file and $pointer", async ({ document, pointer, detail }) => {
    const error = await validateSpec(document, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    const message = (error as SpecError).message;
    expect(message).toContain(file);
    expect(message).toMatch(standalone(pointer));
    expect(message).toContain(detail);
  });

  it.each([
    { version: undefined, document: { swagger: "2.0", info: { title: "t", version: "1" } } },
    { version: "4.0.0", document: openApiDoc({}, { openapi: "4.0.0" }) },
    { version: "3.1", document: openApiDoc({}, { openapi: "3.1" }) },
    { version: 3.1, document: openApiDoc({}, { openapi: 3.1 }) },
  ])("refuses openapi $version as not 3.0/3.1", async ({ document }) => {
    const error = await validateSpec(document, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).message).toContain(`${file} #/openapi: not an OpenAPI 3.0/3.1`);
  });

  it.each(["3.0.3", "3.1.0", "3.1.1"])("accepts a valid %s document", async (openapi) => {
    const components = { schemas: { Lead: leadSchema } };
    const { bundled, dereferenced } = await validateSpec(
      openApiDoc(getLead, { openapi, components }),
      file,
    );
    expect(bundled.openapi).toBe(openapi);
    expect(dereferenced.openapi).toBe(openapi);
  });

  it("keeps $refs in the bundled view and resolves them in the dereferenced one, leaving the input as it was", async () => {
    const document = openApiDoc(getLead, { components: { schemas: { Lead: leadSchema } } });
    const { bundled, dereferenced } = await validateSpec(document, file);
    expect(leadResponseSchema(bundled)).toEqual(leadRef);
    expect(leadResponseSchema(dereferenced)).toEqual(leadSchema);
    expect(leadResponseSchema(document)).toEqual(leadRef);
  });

  it("validates a circular schema without crashing and leaves the cycle as a $ref", async () => {
    const document = openApiDoc(
      { "/lead": { get: { responses: okResponse({ $ref: "#/components/schemas/Tree" }) } } },
      { components: { schemas: { Tree: treeSchema } } },
    );
    const { dereferenced } = await validateSpec(document, file);
    const text = JSON.stringify(dereferenced);
    expect(text).toContain('"$ref":"#/components/schemas/Tree"');
  });
});

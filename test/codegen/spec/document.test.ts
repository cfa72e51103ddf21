import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  dereferenceSpec,
  SpecValidationError,
  type DereferenceOptions,
} from "../../../codegen/spec/document.js";
import type { JsonObject } from "../../../codegen/spec/json.js";
import { SpecError } from "../../../codegen/spec/spec-error.js";
import { okResponse, openApiDoc, removeTempDirs, tempDir } from "../fixture-files.js";

afterAll(removeTempDirs);

/** A document whose `Node` schema contains itself, and whose `Lead` lives in `lead.json`. */
function documentWith(leadRef: string): JsonObject {
  return openApiDoc(
    {
      "/nodes": { get: { responses: okResponse({ $ref: "#/components/schemas/Node" }) } },
      "/leads": { get: { responses: okResponse({ $ref: leadRef }) } },
    },
    {
      components: {
        schemas: {
          Node: {
            type: "object",
            properties: {
              children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
            },
          },
        },
      },
    },
  );
}

const schemaOf = (document: JsonObject, path: string): JsonObject => {
  const paths = document["paths"] as Record<string, { get: { responses: JsonObject } }>;
  const ok = paths[path]!.get.responses["200"] as {
    content: { "application/json": { schema: JsonObject } };
  };
  return ok.content["application/json"].schema;
};

async function specOnDisk(document: JsonObject): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, "lead.json"), JSON.stringify({ type: "object", title: "Lead" }));
  const file = join(dir, "spec.json");
  await writeFile(file, JSON.stringify(document));
  return file;
}

describe("dereferenceSpec options", () => {
  it("external refs 'resolve' reads the file next to the spec", async () => {
    const document = documentWith("lead.json");
    const file = await specOnDisk(document);
    const result = await dereferenceSpec(document, {
      file,
      externalRefs: "resolve",
      cycles: "ref",
    });
    expect(schemaOf(result, "/leads")).toEqual({ type: "object", title: "Lead" });
  });

  it("external refs 'leave' reads nothing beyond the document and keeps the $ref", async () => {
    const document = documentWith("lead.json");
    const file = await specOnDisk(document);
    const result = await dereferenceSpec(document, { file, externalRefs: "leave", cycles: "keep" });
    expect(schemaOf(result, "/leads")).toEqual({ $ref: "lead.json" });
  });

  it("external refs 'leave' does not read a file that would fail to resolve", async () => {
    const document = documentWith("missing.json");
    const options: DereferenceOptions = { file: "x.json", externalRefs: "leave", cycles: "ref" };
    await expect(dereferenceSpec(document, options)).resolves.toBeDefined();
    const resolving = { ...options, externalRefs: "resolve" } as const;
    await expect(dereferenceSpec(document, resolving)).rejects.toBeInstanceOf(SpecError);
  });

  it("cycles 'keep' makes a self-containing schema a cyclic object", async () => {
    const document = documentWith("#/components/schemas/Node");
    const options = { file: "x.json", externalRefs: "leave", cycles: "keep" } as const;
    const node = schemaOf(await dereferenceSpec(document, options), "/nodes");
    const children = (node["properties"] as Record<string, { items: unknown }>)["children"]!;
    expect(children.items).toBe(node);
  });

  it("cycles 'ref' leaves the cycle as a $ref, so the result is plain JSON", async () => {
    const document = documentWith("#/components/schemas/Node");
    const options = { file: "x.json", externalRefs: "resolve", cycles: "ref" } as const;
    const result = await dereferenceSpec(document, options);
    expect(JSON.stringify(result)).toContain('"$ref":"#/components/schemas/Node"');
  });

  it("leaves the given document untouched", async () => {
    const document = documentWith("#/components/schemas/Node");
    const before = structuredClone(document);
    await dereferenceSpec(document, { file: "x.json", externalRefs: "leave", cycles: "keep" });
    expect(document).toEqual(before);
  });

  it.each([
    { problem: "not OpenAPI 3", document: { swagger: "2.0" }, type: SpecError, text: "#/openapi" },
    {
      problem: "invalid",
      document: { openapi: "3.1.0", paths: {} },
      type: SpecValidationError,
      text: "info",
    },
  ])("refuses a document that is $problem, naming the file", async ({ document, type, text }) => {
    const error = await dereferenceSpec(document, {
      file: "doc.json",
      externalRefs: "leave",
      cycles: "keep",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toMatch(/^doc\.json/);
    expect((error as Error).message).toContain(text);
  });
});

describe("an external ref in a subfolder", () => {
  it("resolves relative to the spec file, not the working folder", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "schemas"));
    await writeFile(join(dir, "schemas", "lead.json"), JSON.stringify({ type: "string" }));
    const document = documentWith("schemas/lead.json");
    const file = join(dir, "spec.json");
    await writeFile(file, JSON.stringify(document));
    const result = await dereferenceSpec(document, {
      file,
      externalRefs: "resolve",
      cycles: "ref",
    });
    expect(schemaOf(result, "/leads")).toEqual({ type: "string" });
  });
});

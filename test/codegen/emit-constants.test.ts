import type { OpenAPIV3_1 } from "openapi-types";
import { Node, Project, type SourceFile } from "ts-morph";
import { beforeAll, describe, expect, it } from "vitest";
import { operationConstants } from "../../codegen/constants-model.js";
import { emitConstants } from "../../codegen/emit-constants.js";
import { listOperations, type OperationRef } from "../../codegen/named-operations.js";
import { validateSpec } from "../../codegen/validate.js";
import { fixture } from "./fixture-files.js";

/** The value an `export const name = {...} as const` declaration holds (a literal of JSON values). */
function constValue(file: SourceFile, name: string): unknown {
  const declaration = file.getVariableDeclarationOrThrow(name);
  expect(declaration.getVariableStatementOrThrow().isExported()).toBe(true);
  const initializer = declaration.getInitializerOrThrow();
  if (!Node.isAsExpression(initializer)) throw new Error(`${name} is not \`as const\``);
  expect(initializer.getTypeNodeOrThrow().getText()).toBe("const");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the emitted literal is the test
  return new Function(`return ${initializer.getExpression().getText()};`)() as unknown;
}

describe("emitConstants", () => {
  let dereferenced: OpenAPIV3_1.Document;
  let operations: OperationRef[] = [];
  let file: SourceFile;
  beforeAll(async () => {
    ({ dereferenced } = await validateSpec(await fixture("items-api.json"), "t.json"));
    operations = listOperations(dereferenced);
    const source = emitConstants(dereferenced, operations);
    file = new Project({ useInMemoryFileSystem: true }).createSourceFile("c.ts", source);
  });

  it.each([
    ["addItemsSpec", "AddItems"],
    ["getItemSpec", "GetItem"],
    ["postTreesSpec", "PostTrees"],
  ])("exports %s as the constants of %s, as const", (constant, name) => {
    const op = operations.find((o) => o.name === name)!;
    expect(constValue(file, constant)).toEqual(operationConstants(dereferenced, op));
  });

  it("indexes every operation's constants by camelCase name", () => {
    const index = file.getVariableDeclarationOrThrow("operationSpecs").getInitializerOrThrow();
    expect(index.getText().replace(/\s+/g, " ").replace(/, }/, " }")).toBe(
      "{ addItems: addItemsSpec, getItem: getItemSpec, postTrees: postTreesSpec } as const",
    );
  });

  it("documents each constant with its operation", () => {
    const docs = file.getVariableStatementOrThrow("addItemsSpec").getJsDocs();
    expect(docs.map((d) => d.getDescription()).join("")).toContain("addItems (POST /items/add)");
  });
});

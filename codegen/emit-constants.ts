import type { OpenAPIV3_1 } from "openapi-types";
import {
  Project,
  StructureKind,
  VariableDeclarationKind,
  type VariableStatementStructure,
} from "ts-morph";
import { operationConstants } from "./constants-model.js";
import type { OperationRef } from "./operations.js";

/** Emits `constraints.gen.ts`: one `as const` object of runtime facts per operation, and an index. */
export function emitConstants(
  dereferenced: OpenAPIV3_1.Document,
  operations: OperationRef[],
): string {
  const statements: VariableStatementStructure[] = [];
  const names: string[] = [];
  for (const op of operations) {
    const key = `${op.name.charAt(0).toLowerCase()}${op.name.slice(1)}`;
    const name = `${key}Spec`;
    names.push(`${key}: ${name}`);
    statements.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name,
          initializer: `${JSON.stringify(operationConstants(dereferenced, op))} as const`,
        },
      ],
      docs: [
        `Spec facts of ${op.operationId ?? op.name} (${op.method.toUpperCase()} ${op.path}): ` +
          "request body schema, array bounds, enums and documented statuses.",
      ],
    });
  }
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: "operationSpecs", initializer: `{ ${names.join(", ")} } as const` }],
    docs: ["Every generated operation's facts, keyed by its generated name in camelCase."],
  });
  // Printing all structures at once: adding them one by one re-parses the file each time.
  const project = new Project({ useInMemoryFileSystem: true });
  return project.createSourceFile("constraints.gen.ts", { statements }).getFullText();
}

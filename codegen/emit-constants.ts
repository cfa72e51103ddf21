import type { OpenAPIV3_1 } from "openapi-types";
import { operationConstants } from "./constants-model.js";
import { docComment, printLiteral } from "./literal.js";
import type { OperationRef } from "./named-operations.js";

/** Emits `constraints.gen.ts`: one `as const` object of runtime facts per operation, and an index. */
export function emitConstants(
  dereferenced: OpenAPIV3_1.Document,
  operations: OperationRef[],
): string {
  const statements: string[] = [];
  const index: Record<string, string> = {};
  for (const op of operations) {
    const key = `${op.name.charAt(0).toLowerCase()}${op.name.slice(1)}`;
    const name = `${key}Spec`;
    index[key] = name;
    const doc =
      `Spec facts of ${op.operationId ?? op.name} (${op.method.toUpperCase()} ${op.path}): ` +
      "request body schema, array bounds, enums and documented statuses.";
    const value = printLiteral(operationConstants(dereferenced, op));
    statements.push(`${docComment(doc)}export const ${name} = ${value} as const;\n`);
  }
  const names = Object.entries(index).map(([key, name]) => `    ${key}: ${name},\n`);
  const body = names.length > 0 ? `{\n${names.join("")}}` : "{}";
  statements.push(
    `${docComment("Every generated operation's facts, keyed by its generated name in camelCase.")}` +
      `export const operationSpecs = ${body} as const;\n`,
  );
  return statements.join("\n");
}

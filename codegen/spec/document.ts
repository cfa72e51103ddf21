import SwaggerParser from "@apidevtools/swagger-parser";
import type { JsonObject } from "./json.js";
import { SpecError } from "./spec-error.js";

/** How `dereferenceSpec` treats what lies beyond the document and what refers back to itself. */
export interface DereferenceOptions {
  /** The document's file: errors name it, and external `$ref`s resolve next to it. */
  file: string;
  /**
   * "resolve": `$ref`s to other files are read next to `file` (the generator's own spec);
   * "leave": they stay `$ref`, nothing beyond the document is read (the drift check's upstream).
   */
  externalRefs: "resolve" | "leave";
  /**
   * "keep": a schema that contains itself becomes a cyclic object (the drift check walks it with
   * cycle detection); "ref": the cycle stays a `$ref`, so the result is plain JSON (the generator
   * serializes it).
   */
  cycles: "keep" | "ref";
}

interface AjvDetail {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The document's `openapi` version when it is 3.0.x or 3.1.x, else undefined. */
export function openApi3Version(document: JsonObject): string | undefined {
  const version = document["openapi"];
  return typeof version === "string" && /^3\.[01]\.\d+$/.test(version) ? version : undefined;
}

/**
 * Validates an OpenAPI 3.0/3.1 document against its schema with swagger-parser and returns it
 * with `$ref`s replaced by their targets; `document` itself is left untouched.
 */
export async function dereferenceSpec(
  document: JsonObject,
  { file, externalRefs, cycles }: DereferenceOptions,
): Promise<JsonObject> {
  if (!openApi3Version(document)) {
    const version = JSON.stringify(document["openapi"]);
    throw new SpecError(`not an OpenAPI 3.0/3.1 document (openapi: ${version})`, file, "#/openapi");
  }
  // Refs to other files resolve only against the file's own path, so such a document is read
  // from there; any other is validated from a copy, as swagger-parser mutates what it is given.
  const fromFile = externalRefs === "resolve" && hasExternalRefs(document);
  try {
    // Validation dereferences as its last step, so its result is the dereferenced view.
    const dereferenced = await SwaggerParser.validate(
      fromFile ? file : (structuredClone(document) as never),
      {
        resolve: { external: externalRefs === "resolve" },
        dereference: { circular: cycles === "keep" ? true : "ignore" },
      },
    );
    return dereferenced as unknown as JsonObject;
  } catch (error) {
    throw validationError(error, file);
  }
}

/** Whether a document refers to another file. */
export function hasExternalRefs(document: object): boolean {
  return /"\$ref":\s*"(?!#)/.test(JSON.stringify(document));
}

/** A document that is not valid OpenAPI; `detail` lists what is wrong, one problem a line. */
export class SpecValidationError extends SpecError {
  override name = "SpecValidationError";

  constructor(
    readonly detail: string,
    file: string,
    where?: string,
    /** JSON pointers of the problems, in the order of `detail`'s lines, where known. */
    readonly pointers: string[] = where ? [where] : [],
  ) {
    super(`invalid OpenAPI document: ${detail}`, file, where);
  }
}

function validationError(error: unknown, file: string): SpecValidationError {
  const e = error as Error & { details?: AjvDetail[]; path?: string };
  if (Array.isArray(e.details) && e.details.length > 0) {
    const lines = e.details.map((d) => {
      const param = d.params ? Object.values(d.params).join(", ") : "";
      return `  #${d.instancePath ?? ""} ${d.message ?? "is invalid"}${param ? ` (${param})` : ""}`;
    });
    const pointers = e.details.map((d) => `#${d.instancePath ?? ""}`);
    return new SpecValidationError(`\n${lines.join("\n")}`, file, undefined, pointers);
  }
  const where = e.path ? `#${e.path.split("#")[1] ?? ""}` : undefined;
  return new SpecValidationError(e.message, file, where);
}

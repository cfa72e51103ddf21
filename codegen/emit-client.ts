import type { OpenAPIV3_1 } from "openapi-types";
import pluralize from "pluralize";
import { docComment, printString } from "./literal.js";
import { jsonMediaType } from "./media.js";
import type { OperationRef } from "./named-operations.js";
import { pascalCase } from "./named-operations.js";

/** Emits `client.gen.ts`: an openapi-fetch factory with the spec's base URL and named types per operation. */
export function emitClient(document: OpenAPIV3_1.Document, operations: OperationRef[]): string {
  const statements = [
    'import createClient, { type Client, type ClientOptions } from "openapi-fetch";\n' +
      'import type { paths } from "./schema.gen.js";\n',
    docComment("The URL of the spec's first server, used when no `baseUrl` is given.") +
      `export const DEFAULT_BASE_URL = ${printString(defaultBaseUrl(document))};\n`,
    docComment("An openapi-fetch client typed by every path of the spec.") +
      "export type InstantlyFetchClient = Client<paths>;\n",
    docComment("Creates the typed openapi-fetch client, defaulting to the spec's server URL.") +
      "export function createFetchClient(options: ClientOptions = {}): InstantlyFetchClient {\n" +
      "    return createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options });\n" +
      "}\n",
  ];
  const taken = new Set(["DEFAULT_BASE_URL", "InstantlyFetchClient", "createFetchClient"]);
  for (const op of operations) statements.push(...operationAliases(op, taken));
  return statements.join("\n");
}

/** `servers[0].url` with its variables set to their defaults; empty when the spec names no server. */
function defaultBaseUrl(document: OpenAPIV3_1.Document): string {
  const server = document.servers?.[0];
  if (!server) return "";
  return server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    return String(server.variables?.[name]?.default ?? "");
  });
}

function operationAliases(op: OperationRef, taken: Set<string>): string[] {
  const aliases: string[] = [];
  const opType = `paths[${JSON.stringify(op.path)}][${JSON.stringify(op.method)}]`;
  const label = `${op.operationId ?? op.name} (${op.method.toUpperCase()} ${op.path})`;
  const alias = (name: string, type: string, doc: string): string => {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}${n}`;
    taken.add(unique);
    aliases.push(`${docComment(`${doc} of ${label}.`)}export type ${unique} = ${type};\n`);
    return unique;
  };

  const parameters = new Set((op.operation.parameters ?? []).map((p) => ("in" in p ? p.in : "")));
  if (parameters.has("path"))
    alias(`${op.name}PathParams`, `${opType}["parameters"]["path"]`, "Path parameters");
  if (parameters.has("query")) {
    alias(`${op.name}Query`, `NonNullable<${opType}["parameters"]["query"]>`, "Query parameters");
  }

  const body = op.operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const bodyMedia = jsonMediaType(body?.content);
  if (body && bodyMedia) {
    const bodyName = alias(
      `${op.name}Body`,
      `NonNullable<${opType}["requestBody"]>["content"][${JSON.stringify(bodyMedia)}]`,
      "Request body",
    );
    const schema = body.content[bodyMedia]?.schema;
    for (const [property] of arrayItemObjects(schema)) {
      alias(
        `${op.name}${singular(pascalCase(property))}`,
        `NonNullable<${bodyName}[${JSON.stringify(property)}]>[number]`,
        `One element of \`${property}\` in the request body`,
      );
    }
  }

  const responses = Object.entries(op.operation.responses ?? {});
  const success = responses.find(([status]) => /^2/.test(status));
  for (const [status, response] of responses) {
    const media = jsonMediaType((response as OpenAPIV3_1.ResponseObject).content);
    if (!media) continue;
    const key = /^\d+$/.test(status) ? status : JSON.stringify(status);
    const type = `${opType}["responses"][${key}]["content"][${JSON.stringify(media)}]`;
    if (status === success?.[0]) alias(`${op.name}Response`, type, `The ${status} response body`);
    else if (!/^2/.test(status)) {
      alias(`${op.name}Error${statusName(status)}`, type, `The ${status} error body`);
    }
  }
  return aliases;
}

/** The top-level array properties of an object schema whose items are objects. */
function arrayItemObjects(schema: OpenAPIV3_1.SchemaObject | undefined): [string, object][] {
  return Object.entries(schema?.properties ?? {}).flatMap(([name, property]) => {
    const items = (property as OpenAPIV3_1.ArraySchemaObject).items as
      OpenAPIV3_1.SchemaObject | undefined;
    const isObject = items && (items.type === "object" || items.properties !== undefined);
    return isObject ? [[name, items] as [string, object]] : [];
  });
}

/** `401` -> `401`, `4XX` -> `4XX`, `default` -> `Default`. */
function statusName(status: string): string {
  const clean = status.replace(/[^A-Za-z0-9]/g, "");
  return clean.charAt(0).toUpperCase() + clean.slice(1);
}

/** `Leads` -> `Lead`, `Statuses` -> `Status`; a word that is not a plural gets `Item` appended. */
function singular(word: string): string {
  const one = pluralize.singular(word);
  return one === word ? `${word}Item` : one;
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitClient } from "../../codegen/emit-client.js";
import { listOperations } from "../../codegen/named-operations.js";
import { validateSpec } from "../../codegen/validate.js";
import {
  fixture,
  generateFiles,
  okResponse,
  openApiDoc,
  removeTempDirs,
  squash,
} from "./fixture-files.js";

afterAll(removeTempDirs);

const errorBody = { type: "object", properties: { statusCode: { type: "number" } } };
const jsonBody = (schema: unknown) => ({ content: { "application/json": { schema } } });
const objectItems = { type: "array", items: { type: "object", properties: { id: {} } } };

const leadsApi = openApiDoc({
  "/leads/add": {
    post: {
      operationId: "bulkAddLeads",
      requestBody: {
        required: true,
        ...jsonBody({
          type: "object",
          properties: { leads: objectItems, tags: { type: "array", items: { type: "string" } } },
        }),
      },
      responses: {
        ...okResponse(),
        "401": { description: "no key", ...jsonBody(errorBody) },
        "429": { description: "slow down", ...jsonBody(errorBody) },
      },
    },
  },
  "/accounts/{id}": {
    get: {
      operationId: "get-account",
      parameters: [
        { name: "id", in: "path", required: true, schema: { type: "string" } },
        { name: "limit", in: "query", schema: { type: "integer" } },
      ],
      responses: okResponse(),
    },
  },
  "/ping": { get: { responses: { "204": { description: "up" } } } },
});

/** Validates a document and emits its client the way the pipeline does. */
async function emit(document: object): Promise<string> {
  const { bundled } = await validateSpec(document, "t.json");
  return squash(emitClient(bundled, listOperations(bundled)));
}

/** The names of the type aliases a client file exports, in order. */
function aliasNames(source: string): string[] {
  return [...source.matchAll(/export type (\w+)/g)].map((m) => m[1]!);
}

describe("emitClient", () => {
  let client = "";
  beforeAll(async () => {
    client = await emit(leadsApi);
  });

  it.each([
    [
      "BulkAddLeadsBody",
      'NonNullable<paths["/leads/add"]["post"]["requestBody"]>["content"]["application/json"]',
    ],
    ["BulkAddLeadsLead", 'NonNullable<BulkAddLeadsBody["leads"]>[number]'],
    [
      "BulkAddLeadsResponse",
      'paths["/leads/add"]["post"]["responses"][200]["content"]["application/json"]',
    ],
    [
      "BulkAddLeadsError401",
      'paths["/leads/add"]["post"]["responses"][401]["content"]["application/json"]',
    ],
    [
      "BulkAddLeadsError429",
      'paths["/leads/add"]["post"]["responses"][429]["content"]["application/json"]',
    ],
    ["GetAccountPathParams", 'paths["/accounts/{id}"]["get"]["parameters"]["path"]'],
    ["GetAccountQuery", 'NonNullable<paths["/accounts/{id}"]["get"]["parameters"]["query"]>'],
    [
      "GetAccountResponse",
      'paths["/accounts/{id}"]["get"]["responses"][200]["content"]["application/json"]',
    ],
  ])("declares %s", (name, type) => {
    expect(client).toContain(`export type ${name} = ${type};`);
  });

  it("declares nothing else: no alias for an array of strings or a bodiless operation", () => {
    expect(aliasNames(client)).toEqual([
      "InstantlyFetchClient",
      "BulkAddLeadsBody",
      "BulkAddLeadsLead",
      "BulkAddLeadsResponse",
      "BulkAddLeadsError401",
      "BulkAddLeadsError429",
      "GetAccountPathParams",
      "GetAccountQuery",
      "GetAccountResponse",
    ]);
  });

  it("exports a factory that defaults to DEFAULT_BASE_URL", () => {
    expect(client).toContain(
      "export function createFetchClient(options: ClientOptions = {}): InstantlyFetchClient",
    );
    expect(client).toContain("createClient<paths>({ baseUrl: DEFAULT_BASE_URL, ...options })");
  });

  it.each([
    ["leads", "Lead"],
    ["categories", "Category"],
    ["addresses", "Address"],
    ["boxes", "Box"],
    ["statuses", "Status"],
    ["information", "InformationItem"],
  ])("names one element of `%s` Op%s", async (property, singular) => {
    const body = { type: "object", properties: { [property]: objectItems } };
    const document = openApiDoc({
      "/op": { post: { operationId: "op", requestBody: jsonBody(body), responses: okResponse() } },
    });
    expect(aliasNames(await emit(document))).toContain(`Op${singular}`);
  });

  it.each([
    {
      servers: [
        {
          url: "https://{region}.example.test/{version}/",
          variables: { region: { default: "eu" }, version: { default: "v2" } },
        },
        { url: "https://second.example.test" },
      ],
      expected: "https://eu.example.test/v2/",
    },
    { servers: [{ url: "https://api.instantly.ai" }], expected: "https://api.instantly.ai" },
    { servers: [], expected: "" },
    { servers: undefined, expected: "" },
  ])("sets DEFAULT_BASE_URL to $expected for servers $servers", async ({ servers, expected }) => {
    const client = await emit(openApiDoc({}, servers ? { servers } : {}));
    expect(client).toContain(`export const DEFAULT_BASE_URL = ${JSON.stringify(expected)};`);
  });

  it("declares the aliases of operations whose body, parameters and responses are $refs", async () => {
    const files = await generateFiles(await fixture("items-api.json"));
    expect(aliasNames(files["client.gen.ts"]!).sort()).toEqual(
      [
        "InstantlyFetchClient",
        "AddItemsBody",
        "AddItemsItem",
        "AddItemsResponse",
        "AddItemsError401",
        "AddItemsError429",
        "GetItemPathParams",
        "GetItemQuery",
        "GetItemResponse",
        "PostTreesBody",
      ].sort(),
    );
  });
});

import { describe, expect, it } from "vitest";
import {
  describeOperation,
  findOperation,
  isHttpMethod,
  listSpecOperations,
} from "../../../codegen/spec/document-operations.js";

const responses = { "204": { description: "done" } };

/** Path items with path-level keys beside their operations. */
const document = {
  openapi: "3.1.0",
  paths: {
    "/leads": {
      summary: "Leads",
      parameters: [{ name: "x", in: "header", schema: { type: "string" } }],
      get: { operationId: "listLeads", responses },
      post: { responses },
    },
    "/leads/{id}": { servers: [{ url: "https://example.com" }], delete: { responses } },
  },
};

describe("isHttpMethod", () => {
  it.each([
    ["get", true],
    ["trace", true],
    ["parameters", false],
    ["summary", false],
    ["servers", false],
    ["GET", false],
    ["", false],
  ])("%j -> %s", (key, expected) => {
    expect(isHttpMethod(key)).toBe(expected);
  });
});

describe("listSpecOperations", () => {
  it("lists the operations in document order, not the path-level keys", () => {
    expect(listSpecOperations(document).map((e) => e.label)).toEqual([
      { operationId: "listLeads", method: "get", path: "/leads" },
      { operationId: "", method: "post", path: "/leads" },
      { operationId: "", method: "delete", path: "/leads/{id}" },
    ]);
  });
});

describe("findOperation", () => {
  const operations = listSpecOperations(document);

  it.each([
    ["listLeads", "get /leads"],
    ["GET /leads", "get /leads"],
    ["POST /leads", "post /leads"],
    [" DELETE /leads/{id} ", "delete /leads/{id}"],
    ["post /leads", undefined],
    ["missingId", undefined],
    ["PUT /leads", undefined],
  ])("%j -> %s", (pin, expected) => {
    const label = findOperation(operations, pin)?.label;
    expect(label && `${label.method} ${label.path}`).toBe(expected);
  });
});

describe("describeOperation", () => {
  it.each([
    [{ operationId: "listLeads", method: "get", path: "/leads" }, "listLeads GET /leads"],
    [{ operationId: "", method: "post", path: "/leads" }, "POST /leads"],
  ])("%j -> %s", (label, expected) => {
    expect(describeOperation(label)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { driftServer, runCases, type DriftCase } from "./harness.js";
import { LEAD, OK, OP, BODY, nodes, pinnedSpec, toOpenApi30, type Json } from "./fixtures.js";

const cases: DriftCase[] = [
  // OpenAPI 3.0 `nullable: true` is nullability too
  {
    name: "3.0 request property no longer nullable",
    openapi30: true,
    upstream: (d) => {
      delete nodes(d).lead.properties.email.nullable;
    },
    expected: [
      ["breaking", "request-property-became-not-nullable", `${LEAD}.properties.email.nullable`],
    ],
  },
  {
    name: "3.0 response property became nullable",
    openapi30: true,
    upstream: (d) => {
      nodes(d).ok.properties.total_sent.nullable = true;
    },
    expected: [
      ["breaking", "response-property-became-nullable", `${OK}.properties.total_sent.nullable`],
    ],
  },
  // No contract change
  { name: "identical spec", upstream: () => {}, expected: [] },
  { name: "reordered keys", upstream: reverseKeys, expected: [] },
  {
    name: "reordered enum, required and type values",
    upstream: (d) => {
      const { lead, ok } = nodes(d);
      lead.properties.lt_interest_status.enum.reverse();
      ok.required.reverse();
      ok.properties.blocklist_used.type.reverse();
    },
    expected: [],
  },
  {
    name: "unrelated operation and component added",
    upstream: (d) => {
      d.components.schemas = {
        LeadList: { type: "object", properties: { id: { type: "string" } } },
      };
      d.paths["/api/v2/lead-lists"] = {
        get: {
          operationId: "listLeadLists",
          responses: {
            "200": {
              description: "ok",
              content: {
                "application/json": { schema: { $ref: "#/components/schemas/LeadList" } },
              },
            },
          },
        },
      };
    },
    expected: [],
  },
  {
    name: "documentation only",
    upstream: (d) => {
      const { op, body, lead } = nodes(d);
      op.summary = "Add leads";
      op.tags = ["Leads"];
      body.properties.leads.description = "Leads to add.";
      lead.properties.email.example = "a@b.c";
      lead.properties.lt_interest_status["x-enumDescriptions"]["1"] = "Keen";
    },
    expected: [
      ["docs", "summary-changed", `${OP}.summary`],
      ["docs", "tags-changed", `${OP}.tags`],
      ["docs", "description-changed", `${BODY}.properties.leads.description`],
      ["docs", "example-changed", `${LEAD}.properties.email.example`],
      [
        "docs",
        "enum-descriptions-changed",
        `${LEAD}.properties.lt_interest_status.x-enumDescriptions`,
      ],
    ],
  },
];

function reverseKeys(node: Json): Json {
  if (Array.isArray(node)) return node.forEach(reverseKeys);
  if (typeof node !== "object" || node === null) return;
  const entries = Object.entries(node).reverse();
  for (const [key] of entries) delete node[key];
  for (const [key, value] of entries) {
    reverseKeys(value);
    node[key] = value;
  }
}

describe("drift check: no contract change, docs, and OpenAPI 3.0", () => {
  const check = driftServer();
  runCases(cases, check);

  it("fails documentation-only changes with --strict", async () => {
    const next = pinnedSpec();
    nodes(next).op.description = "Adds leads.";
    const { exitCode, changes } = await check(pinnedSpec(), next, ["--strict"]);
    expect(changes.map((c) => c.level)).toEqual(["docs"]);
    expect(exitCode).toBe(1);
  });

  it("treats 3.0 nullable: true like a 3.1 null type", async () => {
    const { changes } = await check(pinnedSpec(), toOpenApi30(pinnedSpec()));
    expect(changes.filter((c) => c.path.startsWith(`${LEAD}.properties.email`))).toEqual([]);
    expect(changes.filter((c) => c.path.startsWith(`${OK}.properties.blocklist_used`))).toEqual([]);
  });
});

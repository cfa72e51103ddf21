import { describe, expect, it } from "vitest";
import { driftServer, runCases, type DriftCase } from "./harness.js";
import { OK, OP, nodes, pinnedSpec, type Json } from "./fixtures.js";

const ANY_OF = (doc: Json) => {
  nodes(doc).ok.properties.blocklist_used = { anyOf: [{ type: "string" }, { type: "null" }] };
};
const OAUTH = {
  type: "oauth2",
  flows: {
    clientCredentials: {
      tokenUrl: "https://api.instantly.ai/oauth/token",
      scopes: { "leads:create": "create leads" },
    },
  },
};

const cases: DriftCase[] = [
  {
    name: "response required property removed",
    upstream: (d) => {
      const { ok } = nodes(d);
      delete ok.properties.status;
      ok.required = ok.required.filter((n: string) => n !== "status");
    },
    expected: [["breaking", "response-required-property-removed", `${OK}.properties.status`]],
  },
  {
    name: "response property made optional",
    upstream: (d) => {
      const { ok } = nodes(d);
      ok.required = ok.required.filter((n: string) => n !== "total_sent");
    },
    expected: [["breaking", "response-property-became-optional", `${OK}.required`]],
  },
  {
    name: "response property became nullable",
    upstream: (d) => {
      nodes(d).ok.properties.total_sent.type = ["integer", "null"];
    },
    expected: [
      ["breaking", "response-property-became-nullable", `${OK}.properties.total_sent.type`],
    ],
  },
  {
    name: "response type changed",
    upstream: (d) => {
      nodes(d).ok.properties.total_sent.type = "string";
    },
    expected: [["breaking", "response-property-type-changed", `${OK}.properties.total_sent.type`]],
  },
  {
    name: "response property added",
    upstream: (d) => {
      nodes(d).ok.properties.queued = { type: "integer" };
    },
    expected: [["non-breaking", "response-optional-property-added", `${OK}.properties.queued`]],
  },
  {
    name: "response enum value added",
    upstream: (d) => {
      nodes(d).op.responses["401"].content["application/json"].schema.properties.error.enum.push(
        "Forbidden",
      );
    },
    expected: [
      [
        "non-breaking",
        "response-property-enum-value-added",
        `${OP}.responses.401.content.application/json.schema.properties.error.enum`,
      ],
    ],
  },
  {
    name: "nested array item property removed",
    upstream: (d) => {
      delete nodes(d).ok.properties.created_leads.items.properties.id;
    },
    expected: [
      [
        "breaking",
        "response-required-property-removed",
        `${OK}.properties.created_leads.items.properties.id`,
      ],
    ],
  },
  {
    name: "response anyOf branch added",
    base: ANY_OF,
    upstream: (d) => {
      nodes(d).ok.properties.blocklist_used.anyOf.push({ type: "integer" });
    },
    expected: [
      [
        "breaking",
        "response-property-any-of-branch-added",
        `${OK}.properties.blocklist_used.anyOf.2`,
      ],
    ],
  },
  {
    name: "success status removed",
    upstream: (d) => {
      const { responses } = nodes(d).op;
      responses["201"] = responses["200"];
      delete responses["200"];
    },
    expected: [
      ["breaking", "response-success-status-removed", `${OP}.responses.200`],
      ["non-breaking", "response-success-status-added", `${OP}.responses.201`],
    ],
  },
  {
    name: "new error status",
    upstream: (d) => {
      const { responses } = nodes(d).op;
      responses["500"] = structuredClone(responses["429"]);
    },
    expected: [["non-breaking", "response-non-success-status-added", `${OP}.responses.500`]],
  },
  {
    name: "error status removed",
    upstream: (d) => {
      delete nodes(d).op.responses["402"];
    },
    expected: [["non-breaking", "response-non-success-status-removed", `${OP}.responses.402`]],
  },
  // Security, servers and the operation itself
  {
    name: "security requires a new scope",
    upstream: (d) => {
      d.components.securitySchemes.OAuth = OAUTH;
      nodes(d).op.security = [{ ApiKeyAuth: [], OAuth: ["leads:create"] }];
    },
    expected: [
      ["breaking", "api-security-requirement-removed", `${OP}.security`],
      ["non-breaking", "api-security-requirement-added", `${OP}.security`],
    ],
  },
  {
    name: "security scheme changed",
    upstream: (d) => {
      d.components.securitySchemes.ApiKeyAuth = { type: "apiKey", in: "header", name: "X-Api-Key" };
    },
    expected: [
      ["breaking", "api-security-scheme-changed", "components.securitySchemes.ApiKeyAuth"],
    ],
  },
  {
    name: "operation moved to another path",
    upstream: (d) => {
      d.paths["/api/v2/leads/bulk"] = d.paths["/api/v2/leads/add"];
      delete d.paths["/api/v2/leads/add"];
    },
    expected: [["breaking", "operation-moved", "paths./api/v2/leads/bulk.post"]],
  },
  {
    name: "operationId renamed",
    upstream: (d) => {
      nodes(d).op.operationId = "addLeadsInBulk";
    },
    expected: [["breaking", "operation-id-changed", `${OP}.operationId`]],
  },
  {
    name: "operation removed",
    upstream: (d) => {
      d.paths = {
        "/api/v2/leads/list": {
          post: { operationId: "listLeads", responses: { "200": { description: "ok" } } },
        },
      };
    },
    expected: [["breaking", "operation-removed", OP]],
  },
  {
    name: "server URL changed",
    upstream: (d) => {
      d.servers = [{ url: "https://api.eu.instantly.ai" }];
    },
    expected: [
      ["breaking", "api-server-removed", "servers"],
      ["non-breaking", "api-server-added", "servers"],
    ],
  },
  {
    name: "required response header removed",
    base: (d) => {
      nodes(d).op.responses["200"].headers = {
        "X-RateLimit-Remaining": { required: true, schema: { type: "integer" } },
      };
    },
    upstream: (d) => {
      delete nodes(d).op.responses["200"].headers;
    },
    expected: [
      [
        "breaking",
        "response-required-header-removed",
        `${OP}.responses.200.headers.X-RateLimit-Remaining`,
      ],
    ],
  },
  {
    name: "request media type replaced",
    upstream: (d) => {
      const { content } = nodes(d).op.requestBody;
      content["application/x-www-form-urlencoded"] = content["application/json"];
      delete content["application/json"];
    },
    expected: [
      ["breaking", "request-body-media-type-removed", `${OP}.requestBody.content.application/json`],
      [
        "non-breaking",
        "request-body-media-type-added",
        `${OP}.requestBody.content.application/x-www-form-urlencoded`,
      ],
    ],
  },
];

describe("drift check: response, security and operation changes", () => {
  const check = driftServer();
  runCases(cases, check);

  it("flags a new response enum value for a look", async () => {
    const next = pinnedSpec();
    nodes(next).op.responses["429"].content["application/json"].schema.properties.error.enum.push(
      "Slow Down",
    );
    const { changes } = await check(pinnedSpec(), next);
    expect(changes[0]?.note).toMatch(/switch on this value/);
  });
});

import { describe } from "vitest";
import { driftServer, runCases, type DriftCase } from "./harness.js";
import { BODY, LEAD, OP, nodes, type Json } from "./fixtures.js";

const ONE_OF = (doc: Json) => {
  nodes(doc).body.properties.campaign_id = {
    oneOf: [{ type: "string", format: "uuid" }, { type: "integer" }],
  };
};

const cases: DriftCase[] = [
  {
    name: "new required request property",
    upstream: (d) => {
      const { body } = nodes(d);
      body.properties.owner_id = { type: "string" };
      body.required.push("owner_id");
    },
    expected: [["breaking", "new-required-request-property", `${BODY}.properties.owner_id`]],
  },
  {
    name: "new optional request property",
    upstream: (d) => {
      nodes(d).body.properties.owner_id = { type: "string" };
    },
    expected: [["non-breaking", "new-optional-request-property", `${BODY}.properties.owner_id`]],
  },
  {
    name: "request property removed from a closed object",
    upstream: (d) => {
      delete nodes(d).lead.properties.phone;
    },
    expected: [["breaking", "request-property-removed", `${LEAD}.properties.phone`]],
  },
  {
    name: "request property removed from an open object",
    upstream: (d) => {
      delete nodes(d).body.properties.skip_if_in_list;
    },
    expected: [["non-breaking", "request-property-removed", `${BODY}.properties.skip_if_in_list`]],
  },
  {
    name: "request property became required",
    upstream: (d) => {
      nodes(d).body.required.push("campaign_id");
    },
    expected: [["breaking", "request-property-became-required", `${BODY}.required`]],
  },
  {
    name: "request property became optional",
    upstream: (d) => {
      nodes(d).body.required = [];
    },
    expected: [["non-breaking", "request-property-became-optional", `${BODY}.required`]],
  },
  {
    name: "request enum value removed",
    upstream: (d) => {
      nodes(d).lead.properties.lt_interest_status.enum.pop();
    },
    expected: [
      [
        "breaking",
        "request-property-enum-value-removed",
        `${LEAD}.properties.lt_interest_status.enum`,
      ],
    ],
  },
  {
    name: "request enum value added",
    upstream: (d) => {
      nodes(d).lead.properties.lt_interest_status.enum.push(5);
    },
    expected: [
      [
        "non-breaking",
        "request-property-enum-value-added",
        `${LEAD}.properties.lt_interest_status.enum`,
      ],
    ],
  },
  {
    name: "request type changed",
    upstream: (d) => {
      nodes(d).body.properties.verify_leads_on_import.type = "string";
    },
    expected: [
      [
        "breaking",
        "request-property-type-changed",
        `${BODY}.properties.verify_leads_on_import.type`,
      ],
    ],
  },
  {
    name: "request type generalized",
    upstream: (d) => {
      nodes(d).lead.properties.lt_interest_status.type = ["number", "string"];
    },
    expected: [
      [
        "non-breaking",
        "request-property-type-generalized",
        `${LEAD}.properties.lt_interest_status.type`,
      ],
    ],
  },
  {
    name: "request property no longer nullable",
    upstream: (d) => {
      nodes(d).lead.properties.email.type = "string";
    },
    expected: [
      ["breaking", "request-property-became-not-nullable", `${LEAD}.properties.email.type`],
    ],
  },
  {
    name: "request property became nullable",
    upstream: (d) => {
      nodes(d).body.properties.campaign_id.type = ["string", "null"];
    },
    expected: [
      ["non-breaking", "request-property-became-nullable", `${BODY}.properties.campaign_id.type`],
    ],
  },
  {
    name: "request maxItems decreased",
    upstream: (d) => {
      nodes(d).body.properties.leads.maxItems = 500;
    },
    expected: [
      ["breaking", "request-property-max-items-decreased", `${BODY}.properties.leads.maxItems`],
    ],
  },
  {
    name: "request maxItems increased",
    upstream: (d) => {
      nodes(d).body.properties.leads.maxItems = 5000;
    },
    expected: [
      ["non-breaking", "request-property-max-items-increased", `${BODY}.properties.leads.maxItems`],
    ],
  },
  {
    name: "request minItems increased",
    upstream: (d) => {
      nodes(d).body.properties.leads.minItems = 2;
    },
    expected: [
      ["breaking", "request-property-min-items-increased", `${BODY}.properties.leads.minItems`],
    ],
  },
  {
    name: "request maxLength decreased",
    base: (d) => {
      nodes(d).lead.properties.first_name.maxLength = 100;
    },
    upstream: (d) => {
      nodes(d).lead.properties.first_name.maxLength = 50;
    },
    expected: [
      [
        "breaking",
        "request-property-max-length-decreased",
        `${LEAD}.properties.first_name.maxLength`,
      ],
    ],
  },
  {
    name: "request minLength added",
    upstream: (d) => {
      nodes(d).lead.properties.first_name.minLength = 1;
    },
    expected: [
      ["breaking", "request-property-min-length-added", `${LEAD}.properties.first_name.minLength`],
    ],
  },
  {
    name: "request maximum removed",
    base: (d) => {
      nodes(d).lead.properties.lt_interest_status.maximum = 4;
    },
    upstream: (d) => {
      delete nodes(d).lead.properties.lt_interest_status.maximum;
    },
    expected: [
      [
        "non-breaking",
        "request-property-maximum-removed",
        `${LEAD}.properties.lt_interest_status.maximum`,
      ],
    ],
  },
  {
    name: "request format changed",
    upstream: (d) => {
      nodes(d).body.properties.campaign_id.format = "email";
    },
    expected: [
      ["breaking", "request-property-format-changed", `${BODY}.properties.campaign_id.format`],
    ],
  },
  {
    name: "request body rejects unknown properties",
    upstream: (d) => {
      nodes(d).body.additionalProperties = false;
    },
    expected: [
      ["breaking", "request-body-additional-properties-narrowed", `${BODY}.additionalProperties`],
    ],
  },
  {
    name: "request object accepts unknown properties",
    upstream: (d) => {
      nodes(d).lead.additionalProperties = true;
    },
    expected: [
      [
        "non-breaking",
        "request-property-additional-properties-widened",
        `${LEAD}.additionalProperties`,
      ],
    ],
  },
  {
    name: "request additionalProperties schema narrowed",
    upstream: (d) => {
      nodes(d).lead.properties.custom_variables.additionalProperties.type = [
        "string",
        "number",
        "null",
      ];
    },
    expected: [
      [
        "breaking",
        "request-property-type-changed",
        `${LEAD}.properties.custom_variables.additionalProperties.type`,
      ],
    ],
  },
  {
    name: "request oneOf branch removed",
    base: ONE_OF,
    upstream: (d) => {
      nodes(d).body.properties.campaign_id.oneOf.pop();
    },
    expected: [
      [
        "breaking",
        "request-property-one-of-branch-removed",
        `${BODY}.properties.campaign_id.oneOf.1`,
      ],
    ],
  },
  {
    name: "request change inside a oneOf branch",
    base: ONE_OF,
    upstream: (d) => {
      nodes(d).body.properties.campaign_id.oneOf[0].format = "email";
    },
    expected: [
      [
        "breaking",
        "request-property-format-changed",
        `${BODY}.properties.campaign_id.oneOf.0.format`,
      ],
    ],
  },
  {
    name: "request body became optional",
    upstream: (d) => {
      nodes(d).op.requestBody.required = false;
    },
    expected: [["non-breaking", "request-body-became-optional", `${OP}.requestBody.required`]],
  },
  {
    name: "new required query parameter",
    upstream: (d) => {
      nodes(d).op.parameters = [
        { name: "dry_run", in: "query", required: true, schema: { type: "boolean" } },
      ];
    },
    expected: [["breaking", "new-required-request-parameter", `${OP}.parameters.0`]],
  },
  {
    name: "new optional header parameter",
    upstream: (d) => {
      nodes(d).op.parameters = [{ name: "X-Request-Id", in: "header", schema: { type: "string" } }];
    },
    expected: [["non-breaking", "new-optional-request-parameter", `${OP}.parameters.0`]],
  },
];

describe("drift check: request changes", () => {
  runCases(cases, driftServer());
});

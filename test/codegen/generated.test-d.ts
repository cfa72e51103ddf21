import { describe, expectTypeOf, it } from "vitest";
import type {
  BulkAddLeadsBody,
  BulkAddLeadsError401,
  BulkAddLeadsError429,
  BulkAddLeadsLead,
  BulkAddLeadsResponse,
} from "../../generated/client.gen.js";
import type { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";

type InterestStatus = 1 | 2 | 3 | 4 | 0 | -1 | -2 | -3 | -4;
type Enums = (typeof bulkAddLeadsSpec)["enums"];

describe("generated/client.gen.ts aliases", () => {
  it("types a lead's nullable string fields as optional string | null", () => {
    expectTypeOf<BulkAddLeadsLead["email"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<BulkAddLeadsLead["first_name"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("types lt_interest_status as the spec's enum union, the same as the constants' values", () => {
    expectTypeOf<BulkAddLeadsLead["lt_interest_status"]>().toEqualTypeOf<
      InterestStatus | undefined
    >();
    type Values = Enums["requestBody.leads[].lt_interest_status"]["values"][number];
    expectTypeOf<NonNullable<BulkAddLeadsLead["lt_interest_status"]>>().toEqualTypeOf<Values>();
  });

  it("requires leads in the body and rejects unknown lead fields", () => {
    expectTypeOf<BulkAddLeadsBody["leads"]>().toEqualTypeOf<BulkAddLeadsLead[]>();
    // @ts-expect-error: leads is required
    const empty: BulkAddLeadsBody = {};
    const lead: BulkAddLeadsLead = {
      email: "a@example.com",
      // @ts-expect-error: not a lead field of the spec (additionalProperties: false)
      nickname: "Al",
    };
    expectTypeOf(empty).toEqualTypeOf<BulkAddLeadsBody>();
    expectTypeOf(lead).toEqualTypeOf<BulkAddLeadsLead>();
  });

  it("types the response and error bodies", () => {
    expectTypeOf<BulkAddLeadsResponse["remaining_in_plan"]>().toEqualTypeOf<number | null>();
    expectTypeOf<BulkAddLeadsError429["statusCode"]>().toEqualTypeOf<429>();
    expectTypeOf<BulkAddLeadsError401["statusCode"]>().toEqualTypeOf<401>();
  });
});

describe("generated/constraints.gen.ts", () => {
  it("keeps the spec's numbers as literal types", () => {
    expectTypeOf<(typeof bulkAddLeadsSpec)["arrays"]["leads"]["maxItems"]>().toEqualTypeOf<1000>();
    expectTypeOf<(typeof bulkAddLeadsSpec)["arrays"]["leads"]["minItems"]>().toEqualTypeOf<1>();
    expectTypeOf<(typeof bulkAddLeadsSpec)["method"]>().toEqualTypeOf<"POST">();
  });
});

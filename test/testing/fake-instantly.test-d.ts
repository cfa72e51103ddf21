import { describe, expectTypeOf, it } from "vitest";
import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import {
  leadsFixture,
  startFakeInstantly,
  type FakeFault,
  type FakeInstantly,
  type FakeInstantlyOptions,
} from "../../src/testing/index.js";

describe("instantly-client/testing types", () => {
  it("starts a FakeInstantly", () => {
    expectTypeOf(startFakeInstantly).returns.resolves.toEqualTypeOf<FakeInstantly>();
    expectTypeOf(startFakeInstantly).parameter(0).toEqualTypeOf<FakeInstantlyOptions | undefined>();
  });

  it("gives fixtures that fit the request body", () => {
    expectTypeOf(leadsFixture(1)).toExtend<BulkAddLeadsBody["leads"]>();
  });

  it("rejects faults without their required fields or with unknown kinds", () => {
    expectTypeOf<{ kind: "delay"; ms: 10 }>().toExtend<FakeFault>();
    expectTypeOf<{ kind: "delay" }>().not.toExtend<FakeFault>();
    expectTypeOf<{ kind: "status" }>().not.toExtend<FakeFault>();
    expectTypeOf<{ kind: "timeout" }>().not.toExtend<FakeFault>();
    expectTypeOf<{ kind: "rate-limit"; retryAfter: "never" }>().not.toExtend<FakeFault>();
  });

  it("takes faults as a table by request number or as a script", () => {
    expectTypeOf<{ 3: { kind: "reset-after" } }>().toExtend<FakeInstantlyOptions["faults"]>();
    expectTypeOf<() => { kind: "reset-before" }>().toExtend<FakeInstantlyOptions["faults"]>();
    expectTypeOf<{ 3: { kind: "reset" } }>().not.toExtend<FakeInstantlyOptions["faults"]>();
  });
});

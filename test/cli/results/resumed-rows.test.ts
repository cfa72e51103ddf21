import { describe, expect, it } from "vitest";
import { ResumedRows } from "../../../src/cli/results/resumed-rows.js";

describe("ResumedRows", () => {
  it("gives back each row's id (UUIDs packed, other ids as they are) and the others' outcomes", async () => {
    const uuid = (n: number) => `019ffad2-9c4e-7be6-8364-${n.toString(16).padStart(12, "0")}`;
    async function* created() {
      for (let index = 0; index < 5000; index += 2) {
        yield {
          index,
          id: uuid(index),
          email: null,
          first_name: null,
          last_name: null,
          phone: null,
        };
      }
      yield {
        index: 7,
        id: "NOT-A-UUID",
        email: null,
        first_name: null,
        last_name: null,
        phone: null,
      };
    }
    async function* others() {
      yield {
        index: 9,
        status: "not_created" as const,
        message: "1 in_blocklist",
        cause: "counters" as const,
      };
      yield {
        index: 11,
        status: "existing" as const,
        id: uuid(11),
        message: "already in the target",
      };
    }
    const ids = await ResumedRows.read({ createdLeads: created, otherOutcomes: others }, true);
    expect(ids.outcome(9)).toMatchObject({ status: "not_created", cause: "counters" });
    expect(ids.outcome(11)).toMatchObject({ status: "existing", id: uuid(11) });
    expect(ids.outcome(0)).toBeUndefined();
    expect(ids.id(0)).toBe(uuid(0));
    expect(ids.id(4998)).toBe(uuid(4998));
    expect(ids.id(7)).toBe("NOT-A-UUID");
    expect(ids.id(1)).toBeUndefined();
    expect(ids.id(1_000_000)).toBeUndefined();
  });
});

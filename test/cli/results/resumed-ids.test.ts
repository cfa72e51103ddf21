import { describe, expect, it } from "vitest";
import { ResumedIds } from "../../../src/cli/results/resumed-ids.js";

describe("ResumedIds", () => {
  it("gives back each row's id: UUIDs packed, other ids as they are, none for rows without", async () => {
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
    const ids = await ResumedIds.read(created());
    expect(ids.get(0)).toBe(uuid(0));
    expect(ids.get(4998)).toBe(uuid(4998));
    expect(ids.get(7)).toBe("NOT-A-UUID");
    expect(ids.get(1)).toBeUndefined();
    expect(ids.get(1_000_000)).toBeUndefined();
  });
});

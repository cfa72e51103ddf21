import { describe, expect, it } from "vitest";
import { ResumedRows } from "../../../src/cli/results/resumed-rows.js";

describe("ResumedRows", () => {
  it("gives back each row's id (UUIDs packed, other ids as they are) and the others' outcomes", async () => {
    const uuid = (n: number) => `019ffad2-9c4e-7be6-8364-${n.toString(16).padStart(12, "0")}`;
    const lead = (index: number, id: string) => ({
      index,
      id,
      email: null,
      first_name: null,
      last_name: null,
      phone: null,
    });
    const created = Array.from({ length: 2500 }, (_, n) => lead(2 * n, uuid(2 * n)));
    async function* batches() {
      yield { created_leads: created };
      yield {
        created_leads: [lead(7, "NOT-A-UUID")],
        outcomes: [
          {
            index: 9,
            status: "not_created" as const,
            message: "1 in_blocklist",
            cause: "counters" as const,
          },
          {
            index: 11,
            status: "existing" as const,
            id: uuid(11),
            message: "already in the target",
          },
        ],
      };
    }
    const ids = await ResumedRows.read({ batches }, true);
    expect(ids.outcome(9)).toMatchObject({ status: "not_created", cause: "counters" });
    expect(ids.outcome(11)).toMatchObject({ status: "existing", id: uuid(11) });
    expect(ids.outcome(0)).toBeUndefined();
    expect(ids.id(0)).toBe(uuid(0));
    expect(ids.id(4998)).toBe(uuid(4998));
    expect(ids.id(7)).toBe("NOT-A-UUID");
    expect(ids.id(1)).toBeUndefined();
    expect(ids.id(1_000_000)).toBeUndefined();
    // Without ids (no results file), only the outcomes of rows not created are kept.
    const outcomesOnly = await ResumedRows.read({ batches }, false);
    expect(outcomesOnly.id(0)).toBeUndefined();
    expect(outcomesOnly.outcome(9)).toMatchObject({ status: "not_created" });
  });
});

import { describe, expect, it } from "vitest";
import { mayHaveApplied } from "../../src/leads/maybe-applied.js";

describe("mayHaveApplied", () => {
  it.each([
    [{ status: 200, ms: 1 }, false],
    [{ status: 429, ms: 1 }, false],
    [{ status: 400, ms: 1 }, false],
    [{ status: 500, ms: 1 }, true],
    [{ status: 503, ms: 1 }, true],
    [{ failure: "timeout", ms: 1 } as const, true],
    [{ failure: "connection", ms: 1 } as const, true],
    [{ failure: "abort", ms: 1 } as const, true],
  ])("%o: %s", (attempt, expected) => {
    expect(mayHaveApplied(attempt)).toBe(expected);
  });
});

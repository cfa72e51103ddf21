import { describe, expect, it } from "vitest";
import { FirstLines } from "../../src/cli/first-lines.js";

describe("FirstLines", () => {
  it("answers undefined on a key's first sight and its first line ever after", () => {
    const lines = new FirstLines();
    expect(lines.firstLine("ann@x.example", 2)).toBeUndefined();
    expect(lines.firstLine("bob@x.example", 3)).toBeUndefined();
    expect(lines.firstLine("ann@x.example", 4)).toBe(2);
    expect(lines.firstLine("ann@x.example", 5)).toBe(2);
    expect(lines.firstLine("bob@x.example", 6)).toBe(3);
    expect(lines.firstLine("", 7)).toBeUndefined();
    expect(lines.firstLine("", 8)).toBe(7);
  });

  it("keeps every key distinct and its line through the table's growth", () => {
    const lines = new FirstLines();
    const count = 300_000;
    const key = (i: number) => `lead${i}@x${i % 97}.example`;
    const fresh = [];
    for (let i = 0; i < count; i += 1) fresh.push(lines.firstLine(key(i), i + 2));
    expect(fresh.filter((line) => line !== undefined)).toEqual([]);
    const wrong = [];
    for (let i = 0; i < count; i += 1) {
      const line = lines.firstLine(key(i), count + i + 2);
      if (line !== i + 2) wrong.push([i, line]);
    }
    expect(wrong).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { IndexSet, mergeRanges, toRanges, type IndexRange } from "../../src/cli/index-ranges.js";

describe("toRanges", () => {
  it.each<[number[], IndexRange[]]>([
    [[], []],
    [[5], [[5, 5]]],
    [[0, 1, 2, 3], [[0, 3]]],
    [[3, 1, 2, 0], [[0, 3]]],
    [
      [0, 1, 3, 4, 9],
      [
        [0, 1],
        [3, 4],
        [9, 9],
      ],
    ],
    [[2, 2, 3], [[2, 3]]],
  ])("compacts %j into %j", (indices, ranges) => {
    expect(toRanges(indices)).toEqual(ranges);
  });
});

describe("mergeRanges", () => {
  it.each<[IndexRange[], IndexRange[]]>([
    [
      [
        [5, 9],
        [0, 4],
      ],
      [[0, 9]],
    ],
    [
      [
        [0, 5],
        [3, 7],
      ],
      [[0, 7]],
    ],
    [
      [
        [0, 1],
        [3, 4],
      ],
      [
        [0, 1],
        [3, 4],
      ],
    ],
    [
      [
        [0, 10],
        [2, 3],
      ],
      [[0, 10]],
    ],
  ])("merges %j into %j without touching the input", (ranges, merged) => {
    const copy = structuredClone(ranges);
    expect(mergeRanges(ranges)).toEqual(merged);
    expect(ranges).toEqual(copy);
  });
});

describe("IndexSet", () => {
  const set = new IndexSet([
    [10, 19],
    [0, 4],
    [30, 30],
  ]);

  it("counts its members", () => {
    expect(set.size).toBe(16);
  });

  it.each([
    [0, true],
    [4, true],
    [5, false],
    [9, false],
    [10, true],
    [19, true],
    [20, false],
    [30, true],
    [31, false],
    [-1, false],
  ])("has(%i) is %s", (index, member) => {
    expect(set.has(index)).toBe(member);
  });

  it("is empty without ranges", () => {
    expect(new IndexSet([]).has(0)).toBe(false);
    expect(new IndexSet([]).size).toBe(0);
  });
});

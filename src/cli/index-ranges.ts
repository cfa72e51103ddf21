/** Inclusive [first, last] runs of row indices: how the journal stores accepted rows compactly. */
export type IndexRange = [first: number, last: number];

/** Sorted, merged ranges covering exactly the given indices (any order, duplicates allowed). */
export function toRanges(indices: Iterable<number>): IndexRange[] {
  return mergeRanges([...indices].map((index): IndexRange => [index, index]));
}

/** Sorts ranges and merges the overlapping or adjacent ones. */
export function mergeRanges(ranges: readonly IndexRange[]): IndexRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: IndexRange[] = [];
  for (const [first, last] of sorted) {
    const previous = merged.at(-1);
    if (previous !== undefined && first <= previous[1] + 1)
      previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/** A set of row indices held as merged ranges, with a binary-search membership test. */
export class IndexSet {
  readonly ranges: readonly IndexRange[];
  readonly size: number;

  constructor(ranges: readonly IndexRange[]) {
    this.ranges = mergeRanges(ranges);
    this.size = this.ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
  }

  has(index: number): boolean {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const [first, last] = this.ranges[middle] as IndexRange;
      if (index < first) high = middle - 1;
      else if (index > last) low = middle + 1;
      else return true;
    }
    return false;
  }
}

/** Largest number of timestamps inside any half-open interval [t, t + windowMs). */
export function busiestWindow(timestamps: readonly number[], windowMs: number): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  let busiest = 0;
  for (let start = 0, end = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    busiest = Math.max(busiest, end - start);
  }
  return busiest;
}

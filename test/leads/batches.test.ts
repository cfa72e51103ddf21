import { describe, expect, it } from "vitest";
import { Batcher, type Batch } from "../../src/leads/batches.js";

async function collect<T>(batches: AsyncIterable<Batch<T>>): Promise<Batch<T>[]> {
  const all: Batch<T>[] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

async function* asyncSource<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

const keepAll = () => true;

describe("Batcher", () => {
  it.each([
    ["an array", () => [1, 2, 3, 4, 5]],
    ["a sync generator", () => [1, 2, 3, 4, 5].values()],
    ["an async generator", () => asyncSource([1, 2, 3, 4, 5])],
  ])("batches %s in order with a smaller last batch", async (_name, source) => {
    const batches = await collect(new Batcher(source(), 2, keepAll).batches());
    expect(batches).toEqual([
      { indices: [0, 1], items: [1, 2] },
      { indices: [2, 3], items: [3, 4] },
      { indices: [4], items: [5] },
    ]);
  });

  it("groups only kept items, with their source positions", async () => {
    const seen: number[] = [];
    const keep = (item: string, index: number) => {
      seen.push(index);
      return item !== "bad";
    };
    const source = ["a", "bad", "b", "c", "bad", "bad", "d"];
    const batches = await collect(new Batcher(source, 2, keep).batches());
    expect(batches).toEqual([
      { indices: [0, 2], items: ["a", "b"] },
      { indices: [3, 6], items: ["c", "d"] },
    ]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("yields nothing for an empty source or when nothing is kept", async () => {
    expect(await collect(new Batcher([], 3, keepAll).batches())).toEqual([]);
    expect(await collect(new Batcher([1, 2], 3, () => false).batches())).toEqual([]);
  });

  it("pulls from the source only as batches are asked for", async () => {
    let pulled = 0;
    async function* counting(): AsyncGenerator<number> {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }
    const batches = new Batcher(counting(), 10, keepAll).batches();
    await batches.next();
    expect(pulled).toBe(10);
    await batches.next();
    expect(pulled).toBe(20);
  });

  it("close() stops reading, returns the partial batch and ends the source", async () => {
    let finished = false;
    let pulled = 0;
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 0; i < 100; i++) {
          pulled++;
          yield i;
        }
      } finally {
        finished = true;
      }
    }
    const batcher = new Batcher(source(), 4, (item) => item !== 1);
    const batches = batcher.batches();
    const first = await batches.next();
    expect(first.value).toEqual({ indices: [0, 2, 3, 4], items: [0, 2, 3, 4] });
    if (!first.done) batcher.claim(first.value);
    expect(batcher.close()).toEqual({ indices: [], items: [] });
    expect(await batches.next()).toEqual({ done: true, value: undefined });
    expect(finished).toBe(true);
    expect(pulled).toBe(6);
  });

  it("close() while the source is waiting hands back what was read and drops the rest", async () => {
    let release: (value: number) => void = () => {};
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => {
        let i = 0;
        return {
          next: async () =>
            i < 2
              ? { done: false, value: i++ }
              : { done: false, value: await new Promise<number>((r) => (release = r)) },
        };
      },
    };
    const batcher = new Batcher(source, 10, keepAll);
    const next = batcher.batches().next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batcher.close()).toEqual({ indices: [0, 1], items: [0, 1] });
    release(99);
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it("close() hands back a batch formed but not yet claimed, so it cannot be lost", async () => {
    const batcher = new Batcher([1, 2, 3, 4, 5], 2, keepAll);
    const batches = batcher.batches();
    const first = await batches.next();
    if (first.done) throw new Error("expected a batch");
    batcher.claim(first.value);
    // The consumer stops waiting (e.g. on abort) while the next batch is on its way to it.
    void batches.next();
    expect(batcher.close()).toEqual({ indices: [2, 3], items: [3, 4] });
    expect(await batches.return()).toEqual({ done: true, value: undefined });
  });

  it("close() after a claim hands back only what was read since", async () => {
    const batcher = new Batcher([1, 2, 3], 2, keepAll);
    const batches = batcher.batches();
    const first = await batches.next();
    if (first.done) throw new Error("expected a batch");
    batcher.claim(first.value);
    expect(batcher.close()).toEqual({ indices: [], items: [] });
  });
});

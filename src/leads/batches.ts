/** Consecutive kept items of the source, with their positions in it. */
export interface Batch<T> {
  indices: number[];
  items: T[];
}

function isAsyncIterable<T>(source: Iterable<T> | AsyncIterable<T>): source is AsyncIterable<T> {
  return typeof (source as AsyncIterable<T>)[Symbol.asyncIterator] === "function";
}

/**
 * Groups the items `keep` accepts into batches of up to `size`, in source order. The source is
 * pulled only when the next batch is asked for, so a consumer that waits holds the source back.
 */
export class Batcher<T> {
  private current: Batch<T> = { indices: [], items: [] };
  /** A batch handed out but not yet claimed: it may never reach a consumer that stopped waiting. */
  private unclaimed: Batch<T> | undefined;
  private read = 0;
  private closed = false;

  constructor(
    private readonly source: Iterable<T> | AsyncIterable<T>,
    private readonly size: number,
    private readonly keep: (item: T, index: number) => boolean,
  ) {}

  /** Marks a batch from `batches()` as received, so that `close()` no longer hands it back. */
  claim(batch: Batch<T>): void {
    if (this.unclaimed === batch) this.unclaimed = undefined;
  }

  /**
   * Stops reading: an item the source delivers after this is dropped unread, and the loop ends.
   * Returns the kept items read and not claimed, in source order.
   */
  close(): Batch<T> {
    this.closed = true;
    const pending = this.takePending();
    const unclaimed = this.unclaimed;
    this.unclaimed = undefined;
    if (!unclaimed) return pending;
    return {
      indices: [...unclaimed.indices, ...pending.indices],
      items: [...unclaimed.items, ...pending.items],
    };
  }

  /** The batches, each handed out as soon as it is full; the last one may be smaller. */
  async *batches(): AsyncGenerator<Batch<T>, void, undefined> {
    if (isAsyncIterable(this.source)) {
      for await (const item of this.source) {
        if (this.closed) return;
        const full = this.add(item);
        if (full) yield full;
      }
    } else {
      // A sync source is read without an await per item: a million array items stay cheap.
      for (const item of this.source) {
        if (this.closed) return;
        const full = this.add(item);
        if (full) yield full;
      }
    }
    const last = this.takePending();
    if (last.items.length > 0) yield this.handOut(last);
  }

  private takePending(): Batch<T> {
    const pending = this.current;
    this.current = { indices: [], items: [] };
    return pending;
  }

  // `yield` settles the consumer's next() a tick later; until it claims the batch, close() has it.
  private handOut(batch: Batch<T>): Batch<T> {
    this.unclaimed = batch;
    return batch;
  }

  private add(item: T): Batch<T> | undefined {
    const index = this.read++;
    if (!this.keep(item, index)) return undefined;
    this.current.indices.push(index);
    this.current.items.push(item);
    return this.current.items.length < this.size ? undefined : this.handOut(this.takePending());
  }
}

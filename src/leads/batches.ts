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
  private read = 0;
  private closed = false;

  constructor(
    private readonly source: Iterable<T> | AsyncIterable<T>,
    private readonly size: number,
    private readonly keep: (item: T, index: number) => boolean,
  ) {}

  /**
   * Stops reading: an item the source delivers after this is dropped unread, and the loop ends.
   * Returns the kept items read since the last batch was handed out.
   */
  close(): Batch<T> {
    this.closed = true;
    return this.takePending();
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
    if (last.items.length > 0) yield last;
  }

  private takePending(): Batch<T> {
    const pending = this.current;
    this.current = { indices: [], items: [] };
    return pending;
  }

  private add(item: T): Batch<T> | undefined {
    const index = this.read++;
    if (!this.keep(item, index)) return undefined;
    this.current.indices.push(index);
    this.current.items.push(item);
    return this.current.items.length < this.size ? undefined : this.takePending();
  }
}

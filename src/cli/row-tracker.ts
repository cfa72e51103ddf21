/** Where a lead came from: its row index and line in the input, and the original row. */
export interface RowRef {
  index: number;
  line: number;
  row: unknown;
}

/**
 * Maps importLeads' input positions back to input rows. A row is held only until its batch is
 * accepted, so memory stays bounded by the batches in flight plus rejected and failed rows.
 */
export class RowTracker {
  private readonly rows = new Map<number, RowRef>();
  private added = 0;

  /** Registers the next position handed to importLeads. */
  add(ref: RowRef): void {
    this.rows.set(this.added++, ref);
  }

  /** The row at a position that is still held. */
  get(position: number): RowRef {
    const ref = this.rows.get(position);
    if (ref === undefined) throw new Error(`no input row is held for position ${position}`);
    return ref;
  }

  /** Forgets the rows of an accepted batch. */
  release(positions: readonly number[]): void {
    for (const position of positions) this.rows.delete(position);
  }
}

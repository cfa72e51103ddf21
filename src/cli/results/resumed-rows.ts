import type { Journal, JournaledOutcome } from "../journal.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_BYTES = 16;

function uuidText(bytes: Buffer, at: number): string {
  const hex = bytes.toString("hex", at, at + UUID_BYTES);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * What earlier runs of the journal recorded of each row, for the results files: the id of each lead
 * they created, and the outcome of each row of their batches that was not created. Ids are the API's
 * UUIDs, so each is kept as 16 bytes (a million cost 20 MB, not the ~100 MB of a Map of strings);
 * any other id is kept as it is. Rows not created are few but for odd files; their messages, one
 * per batch for most, are kept once each.
 */
export class ResumedRows {
  /** Row index -> slot + 1 (0: no id). */
  private slots = new Uint32Array(1024);
  private ids: Buffer = Buffer.alloc(1024 * UUID_BYTES);
  private used = 0;
  private readonly others = new Map<number, string>();
  private readonly outcomes = new Map<number, JournaledOutcome>();
  private readonly messages = new Map<string, string>();

  /**
   * Reads what the journal's earlier runs recorded (call it before this run appends); the ids of
   * created leads only when asked (a results file needs them, the exit status does not).
   */
  static async read(journal: Pick<Journal, "batches">, ids: boolean): Promise<ResumedRows> {
    const rows = new ResumedRows();
    // One pass over the journal, which holds every created lead of a long import.
    for await (const batch of journal.batches()) {
      if (ids) for (const lead of batch.created_leads) rows.add(lead.index, lead.id);
      for (const outcome of batch.outcomes ?? []) rows.addOutcome(outcome);
    }
    return rows;
  }

  /** A row of an earlier batch that was not created. */
  addOutcome(outcome: JournaledOutcome): void {
    const message = this.messages.get(outcome.message) ?? outcome.message;
    this.messages.set(message, message);
    this.outcomes.set(outcome.index, { ...outcome, message });
  }

  /** The outcome of a row an earlier batch did not create, if it did not. */
  outcome(index: number): JournaledOutcome | undefined {
    return this.outcomes.get(index);
  }

  add(index: number, id: string): void {
    if (!UUID.test(id)) {
      this.others.set(index, id);
      return;
    }
    while (index >= this.slots.length) this.slots = grow(this.slots, this.slots.length * 2);
    if ((this.used + 1) * UUID_BYTES > this.ids.length) {
      const ids = Buffer.alloc(this.ids.length * 2);
      this.ids.copy(ids);
      this.ids = ids;
    }
    this.ids.write(id.replaceAll("-", ""), this.used * UUID_BYTES, "hex");
    this.used += 1;
    this.slots[index] = this.used;
  }

  /** The id of the lead an earlier run created from the row, if any. */
  id(index: number): string | undefined {
    const slot = index < this.slots.length ? this.slots[index]! : 0;
    if (slot === 0) return this.others.get(index);
    return uuidText(this.ids, (slot - 1) * UUID_BYTES);
  }
}

function grow(from: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(size);
  grown.set(from);
  return grown;
}

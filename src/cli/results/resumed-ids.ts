import type { CreatedRow } from "../cli-report.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_BYTES = 16;

function uuidText(bytes: Buffer, at: number): string {
  const hex = bytes.toString("hex", at, at + UUID_BYTES);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The lead ids an earlier run of the journal created, by row, for the results files' `resumed`
 * rows. Ids are the API's UUIDs, so each is kept as 16 bytes (a million cost 20 MB, not the
 * ~100 MB of a Map of strings); any other id is kept as it is.
 */
export class ResumedIds {
  /** Row index -> slot + 1 (0: no id). */
  private slots = new Uint32Array(1024);
  private ids: Buffer = Buffer.alloc(1024 * UUID_BYTES);
  private used = 0;
  private readonly others = new Map<number, string>();

  static async read(created: AsyncIterable<CreatedRow>): Promise<ResumedIds> {
    const ids = new ResumedIds();
    for await (const lead of created) ids.add(lead.index, lead.id);
    return ids;
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

  get(index: number): string | undefined {
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

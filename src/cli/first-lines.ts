// Slots start at 2^16 and double at half full: a million keys take 2^21 slots of 12 bytes (24 MB).
const INITIAL_SLOTS = 1 << 16;

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The line on which each key was first seen, held as a 64-bit hash of the key rather than the
 * key: a million emails cost 24 MB instead of the ~100 MB of a Map of strings. Two keys share a
 * hash with probability ~n²/2⁶⁵ (about 1 in 37 million for a million keys), which at worst makes
 * a dry run warn of one repeat too many; it never changes what is sent.
 */
export class FirstLines {
  private high = new Uint32Array(INITIAL_SLOTS);
  private low = new Uint32Array(INITIAL_SLOTS);
  // 0 marks an empty slot: input lines start at 1.
  private lines = new Uint32Array(INITIAL_SLOTS);
  private used = 0;

  /** The line `key` was first seen on; records `line` and returns undefined on its first sight. */
  firstLine(key: string, line: number): number | undefined {
    let a = 0x9e3779b9;
    let b = 0x7f4a7c15;
    for (let i = 0; i < key.length; i += 1) {
      const code = key.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
    }
    const high = mix(a ^ Math.imul(b, 0x27d4eb2d));
    const low = mix(b ^ Math.imul(a, 0x165667b1) ^ key.length);
    const found = this.find(high, low);
    const seen = this.lines[found];
    if (seen !== undefined && seen !== 0) return seen;
    this.put(found, high, low, line);
    return undefined;
  }

  /** The slot holding this hash, or the empty slot where it belongs (linear probing). */
  private find(high: number, low: number): number {
    const mask = this.lines.length - 1;
    let slot = low & mask;
    while (this.lines[slot] !== 0 && (this.high[slot] !== high || this.low[slot] !== low)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private put(slot: number, high: number, low: number, line: number): void {
    this.high[slot] = high;
    this.low[slot] = low;
    this.lines[slot] = line;
    this.used += 1;
    if (this.used * 2 > this.lines.length) this.grow();
  }

  private grow(): void {
    const { high, low, lines } = this;
    const size = lines.length * 2;
    this.high = new Uint32Array(size);
    this.low = new Uint32Array(size);
    this.lines = new Uint32Array(size);
    for (let slot = 0; slot < lines.length; slot += 1) {
      const line = lines[slot] ?? 0;
      if (line === 0) continue;
      const h = high[slot] ?? 0;
      const l = low[slot] ?? 0;
      const free = this.find(h, l);
      this.high[free] = h;
      this.low[free] = l;
      this.lines[free] = line;
    }
  }
}

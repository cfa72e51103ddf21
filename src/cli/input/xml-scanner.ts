/** An open tag's attributes, readable only while the `open` callback runs. */
export interface XmlTag {
  /** The value of the attribute with this local name (any prefix), entities decoded. */
  attribute(name: string): string | undefined;
}

/** What an XmlScanner reports: tags by local name (prefix dropped), text as UTF-8 slices. */
export interface XmlHandler {
  open(name: string, tag: XmlTag): void;
  /** Also called right after `open` for a self-closing tag. */
  close(name: string): void;
  /** A run of text (CDATA included, an entity decoded), as bytes of `chunk` from `start` to `end`. */
  text(chunk: Buffer, start: number, end: number): void;
  /**
   * Called where text may begin: returns where to go on scanning, `at` or, to skip what the
   * handler has judged from the bytes alone, a later position after a complete element.
   */
  skip?(chunk: Buffer, at: number): number;
}

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SEMI = 0x3b;
const SLASH = 0x2f;
const COLON = 0x3a;
const BANG = 0x21;
const QUESTION = 0x3f;
const DASH = 0x2d;
const RBRACKET = 0x5d;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOS = 0x27;

const enum State {
  Text,
  Tag,
  Entity,
  Markup,
  Comment,
  Cdata,
  Instruction,
  Declaration,
}

/** Longest tag kept: names and the attributes read are short; the rest of a longer tag is skipped. */
const MAX_TAG_BYTES = 64 * 1024;
/** Longest entity reference decoded (`&#x10FFFF;`); a longer `&...` is kept as text. */
const MAX_ENTITY_BYTES = 32;
const CDATA_OPEN = Buffer.from("[CDATA[");
const BRACKETS = Buffer.alloc(64, "]");
const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };

function entityText(name: string): string | undefined {
  const named = NAMED_ENTITIES[name];
  if (named !== undefined) return named;
  const code = name.startsWith("#x")
    ? Number.parseInt(name.slice(2), 16)
    : name.startsWith("#")
      ? Number.parseInt(name.slice(1), 10)
      : Number.NaN;
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : undefined;
}

/** Decodes the entities of an attribute value. */
function decodeEntities(value: string): string {
  return value.replace(/&([^;&]{1,30});/g, (whole, name: string) => entityText(name) ?? whole);
}

const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * A streaming XML scanner: a small state machine over byte chunks that never holds more than a
 * tag (at most MAX_TAG_BYTES) and an entity reference. Text is handed on as slices of the chunk,
 * so a text node of any size costs no memory; the handler counts or keeps what it needs. It
 * reads well-formed documents (comments, CDATA, processing instructions, a DOCTYPE) and does not
 * validate them: the reader that follows does.
 */
export class XmlScanner {
  private state = State.Text;
  private tag = Buffer.alloc(256);
  private tagLength = 0;
  private tagLast = 0;
  /** Whether the tag being read began in an earlier chunk (its start is then in `tag`). */
  private spanning = false;
  /** Where the complete tag lies while it is reported: the chunk, or `tag`. */
  private source: Buffer = this.tag;
  private sourceEnd = 0;
  private quote = 0;
  private entity = Buffer.alloc(MAX_ENTITY_BYTES);
  private entityLength = 0;
  private markupLength = 0;
  /** Consecutive `-` in a comment, `]` in CDATA, `[`/`]` depth in a DOCTYPE, `?` before `>`. */
  private run = 0;
  private attributesFrom = 0;
  private readonly view: XmlTag = { attribute: (name) => this.attribute(name) };

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: Buffer): void {
    const length = chunk.length;
    let nextAmp = -2;
    let at = 0;
    while (at < length) {
      switch (this.state) {
        case State.Text: {
          if (this.handler.skip !== undefined) {
            at = this.handler.skip(chunk, at);
            if (at >= length) return;
          }
          let lt = chunk.indexOf(LT, at);
          if (lt < 0) lt = length;
          if (nextAmp !== -1 && nextAmp < at) nextAmp = chunk.indexOf(AMP, at);
          const end = nextAmp >= 0 && nextAmp < lt ? nextAmp : lt;
          if (end > at) this.handler.text(chunk, at, end);
          if (end === length) return;
          this.state = chunk[end] === AMP ? State.Entity : State.Tag;
          this.entityLength = 0;
          this.tagLength = 0;
          this.spanning = false;
          this.quote = 0;
          at = end + 1;
          break;
        }
        case State.Tag:
          at = this.scanTag(chunk, at);
          break;
        case State.Entity:
          at = this.scanEntity(chunk, at);
          break;
        case State.Markup:
          at = this.scanMarkup(chunk, at);
          break;
        case State.Comment:
          at = this.skipPast(chunk, at, DASH, 2);
          break;
        case State.Cdata:
          at = this.scanCdata(chunk, at);
          break;
        case State.Instruction:
          at = this.skipPast(chunk, at, QUESTION, 1);
          break;
        case State.Declaration:
          for (; at < length; at++) {
            const byte = chunk[at] as number;
            if (byte === 0x5b) this.run++;
            else if (byte === RBRACKET) this.run--;
            else if (byte === GT && this.run <= 0) {
              this.state = State.Text;
              at++;
              break;
            }
          }
          break;
      }
    }
  }

  // Skips a comment (`-->`) or a processing instruction (`?>`): to a `>` after `count` `byte`s.
  private skipPast(chunk: Buffer, from: number, byte: number, count: number): number {
    const length = chunk.length;
    for (let at = from; at < length; at++) {
      const next = chunk[at] as number;
      if (next === GT && this.run >= count) {
        this.state = State.Text;
        return at + 1;
      }
      this.run = next === byte ? this.run + 1 : 0;
    }
    return length;
  }

  // A tag is read where it lies in the chunk; only one that spans chunks is copied (up to
  // MAX_TAG_BYTES). `>` is found with indexOf, skipping quoted values (which may hold one).
  private scanTag(chunk: Buffer, from: number): number {
    const length = chunk.length;
    if (this.tagLength === 0 && !this.spanning && from < length) {
      const first = chunk[from];
      if (first === BANG) {
        this.state = State.Markup;
        this.markupLength = 0;
        return from + 1;
      }
      if (first === QUESTION) {
        this.state = State.Instruction;
        this.run = 0;
        return from + 1;
      }
    }
    let at = from;
    let gt = -2;
    for (;;) {
      if (this.quote !== 0) {
        const close = chunk.indexOf(this.quote, at);
        if (close < 0) break;
        this.quote = 0;
        at = close + 1;
        continue;
      }
      if (gt < at) gt = chunk.indexOf(GT, at);
      const end = gt < 0 ? length : gt;
      let quote = at;
      while (quote < end && chunk[quote] !== QUOTE && chunk[quote] !== APOS) quote++;
      if (quote < end) {
        this.quote = chunk[quote] as number;
        at = quote + 1;
        continue;
      }
      if (gt < 0) break;
      this.state = State.Text;
      if (this.spanning) {
        this.keep(chunk, from, gt);
        this.endTag(this.tag, 0, this.tagLength);
      } else {
        this.endTag(chunk, from, gt);
      }
      this.spanning = false;
      this.tagLength = 0;
      return gt + 1;
    }
    this.keep(chunk, from, length);
    this.spanning = true;
    return length;
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const room = MAX_TAG_BYTES - this.tagLength;
    const take = Math.min(end - start, room);
    if (take > 0) {
      if (this.tagLength + take > this.tag.length) {
        const grown = Buffer.alloc(Math.min(MAX_TAG_BYTES, 2 * (this.tagLength + take)));
        this.tag.copy(grown, 0, 0, this.tagLength);
        this.tag = grown;
      }
      chunk.copy(this.tag, this.tagLength, start, start + take);
      this.tagLength += take;
    }
    if (end > start) this.tagLast = chunk[end - 1] as number;
  }

  private endTag(source: Buffer, start: number, end: number): void {
    this.source = source;
    this.sourceEnd = end;
    const last = end > start ? source[end - 1] : this.tagLast;
    const closing = source[start] === SLASH;
    let nameEnd = closing ? start + 1 : start;
    let local = nameEnd;
    for (; nameEnd < end; nameEnd++) {
      const byte = source[nameEnd] as number;
      if (isSpace(byte) || byte === SLASH) break;
      if (byte === COLON) local = nameEnd + 1;
    }
    const name = this.nameOf(local, nameEnd);
    if (closing) {
      this.handler.close(name);
      return;
    }
    this.attributesFrom = nameEnd;
    this.handler.open(name, this.view);
    if (last === SLASH) this.handler.close(name);
  }

  // Reads the attributes of the tag in place, decoding only the value asked for: most tags are
  // asked for one attribute, and a sheet has millions of them.
  private attribute(name: string): string | undefined {
    const tag = this.source;
    const length = this.sourceEnd;
    let at = this.attributesFrom;
    while (at < length) {
      while (at < length && (isSpace(tag[at] as number) || tag[at] === SLASH)) at++;
      const keyStart = at;
      let local = at;
      while (at < length && tag[at] !== EQUALS && !isSpace(tag[at] as number)) {
        if (tag[at] === COLON) local = at + 1;
        at++;
      }
      const keyEnd = at;
      while (at < length && tag[at] !== QUOTE && tag[at] !== APOS) at++;
      const quote = tag[at];
      const valueStart = at + 1;
      at = quote === undefined ? length : tag.indexOf(quote, valueStart);
      if (at < 0 || at > length) at = length;
      if (keyEnd > keyStart && this.isName(local, keyEnd, name)) {
        const value = tag.toString("utf8", valueStart, at);
        return value.includes("&") ? decodeEntities(value) : value;
      }
      at++;
    }
    return undefined;
  }

  private isName(start: number, end: number, name: string): boolean {
    if (end - start !== name.length) return false;
    for (let i = 0; i < name.length; i++) {
      if (this.source[start + i] !== name.charCodeAt(i)) return false;
    }
    return true;
  }

  // Tag names as strings, made once each: a name of up to six bytes is its own number.
  private readonly names = new Map<number, string>();

  private nameOf(start: number, end: number): string {
    if (end - start > 6) return this.source.toString("latin1", start, end);
    let key = 1;
    for (let at = start; at < end; at++) key = key * 256 + (this.source[at] as number);
    let name = this.names.get(key);
    if (name === undefined) {
      name = this.source.toString("latin1", start, end);
      this.names.set(key, name);
    }
    return name;
  }

  private scanEntity(chunk: Buffer, from: number): number {
    const length = chunk.length;
    for (let at = from; at < length; at++) {
      const byte = chunk[at] as number;
      if (byte === SEMI) {
        const name = this.entity.toString("latin1", 0, this.entityLength);
        const text = entityText(name);
        const bytes = Buffer.from(text ?? `&${name};`, "utf8");
        this.handler.text(bytes, 0, bytes.length);
        this.state = State.Text;
        return at + 1;
      }
      if (byte === LT || byte === AMP || this.entityLength === MAX_ENTITY_BYTES) {
        // Not a reference: what was held is text, and this byte is read again as text.
        const held = Buffer.concat([Buffer.from("&"), this.entity.subarray(0, this.entityLength)]);
        this.handler.text(held, 0, held.length);
        this.state = State.Text;
        return at;
      }
      this.entity[this.entityLength++] = byte;
    }
    return length;
  }

  // After `<!`: a comment, CDATA, or a declaration (DOCTYPE), told apart by the bytes that follow.
  private scanMarkup(chunk: Buffer, from: number): number {
    const length = chunk.length;
    for (let at = from; at < length; at++) {
      const byte = chunk[at] as number;
      const index = this.markupLength++;
      const comment = index < 2 && byte === DASH;
      const cdata = index < CDATA_OPEN.length && byte === CDATA_OPEN[index];
      if (comment && index === 1) {
        this.state = State.Comment;
        this.run = 0;
        return at + 1;
      }
      if (cdata && index === CDATA_OPEN.length - 1) {
        this.state = State.Cdata;
        this.run = 0;
        return at + 1;
      }
      if (!comment && !cdata) {
        this.state = State.Declaration;
        this.run = 0;
        return at;
      }
    }
    return length;
  }

  // CDATA is text up to `]]>`; `]`s are held until it is known whether they close it.
  private scanCdata(chunk: Buffer, from: number): number {
    const length = chunk.length;
    let at = from;
    while (at < length) {
      if (this.run > 0) {
        const byte = chunk[at] as number;
        if (byte === RBRACKET) {
          this.run++;
          at++;
          continue;
        }
        if (byte === GT && this.run >= 2) {
          this.brackets(this.run - 2);
          this.run = 0;
          this.state = State.Text;
          return at + 1;
        }
        this.brackets(this.run);
        this.run = 0;
      }
      let bracket = chunk.indexOf(RBRACKET, at);
      if (bracket < 0) bracket = length;
      if (bracket > at) this.handler.text(chunk, at, bracket);
      if (bracket === length) return length;
      this.run = 1;
      at = bracket + 1;
    }
    return length;
  }

  private brackets(count: number): void {
    for (let left = count; left > 0; left -= BRACKETS.length) {
      this.handler.text(BRACKETS, 0, Math.min(left, BRACKETS.length));
    }
  }
}

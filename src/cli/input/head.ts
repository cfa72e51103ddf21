import { open } from "node:fs/promises";

/**
 * How much of an input's start is looked at to tell what it is: a zip, its encoding, a CSV's
 * `sep=` line and delimiter (the header line must end within it to be sniffed).
 */
export const HEAD_BYTES = 64 * 1024;

const ZIP_MAGIC = "504b0304";

/** The first HEAD_BYTES of a file (fewer for a smaller file). */
export async function readFileHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a stream's first chunks, up to the one after which `enough(chunk, size)` holds, for input
 * that cannot be read twice (standard input, decoded text); returns them joined as `head`, and
 * the whole stream again, in its original chunks, as `all`.
 */
export async function peekHead(
  input: AsyncIterable<Buffer>,
  enough: (chunk: Buffer, size: number) => boolean,
): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const rest = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const next = await rest.next();
    if (next.done === true) break;
    chunks.push(next.value);
    size += next.value.length;
    if (enough(next.value, size)) break;
  }
  return { head: Buffer.concat(chunks), all: replay(chunks, rest) };
}

async function* replay(
  head: Buffer[],
  rest: AsyncIterator<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  try {
    yield* head;
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) {
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}

/** True when the bytes start like a zip, which an .xlsx is. */
export function isZip(head: Buffer): boolean {
  return head.subarray(0, 4).toString("hex") === ZIP_MAGIC;
}

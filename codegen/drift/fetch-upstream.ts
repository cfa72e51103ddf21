import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { DriftSourceError } from "./errors.js";

/** Limits applied when reading an upstream document. */
export interface ReadLimits {
  timeoutMs: number;
  maxBytes: number;
}

/** 30 s and 50 MB: the real document is about 2.3 MB. */
export const DEFAULT_LIMITS: ReadLimits = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024 };

/** Reads an http(s) URL, a file: URL or a file path as UTF-8 text, within the limits. */
export async function readSource(source: string, limits: ReadLimits): Promise<string> {
  if (/^https?:\/\//i.test(source)) return fetchText(source, limits);
  const file = source.startsWith("file:") ? fileURLToPath(source) : source;
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new DriftSourceError(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  if (!info.isFile()) throw new DriftSourceError(`${file} is not a file`);
  if (info.size > limits.maxBytes) throw tooLarge(file, limits.maxBytes);
  return decode(await readFile(file), file);
}

async function fetchText(url: string, limits: ReadLimits): Promise<string> {
  const controller = new AbortController();
  const timeout = new DriftSourceError(`${url} did not answer within ${limits.timeoutMs} ms`);
  // One timer covers connecting, headers and the body, so a slow trickle cannot hang the check.
  const timer = setTimeout(() => controller.abort(timeout), limits.timeoutMs);
  try {
    const response = await fetch(url, {
      signal: controller.signal,
      headers: { accept: "application/json" },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new DriftSourceError(
        `${url} answered HTTP ${response.status} ${response.statusText}`.trimEnd(),
      );
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > limits.maxBytes) {
      await response.body?.cancel();
      throw tooLarge(url, limits.maxBytes);
    }
    return decode(await readCapped(response, url, limits.maxBytes), url);
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason === timeout) throw timeout;
    if (error instanceof DriftSourceError) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new DriftSourceError(`cannot reach ${url}: ${detail}`);
  } finally {
    clearTimeout(timer);
  }
}

// Streams the body and stops at the cap: a server may omit or understate content-length.
async function readCapped(response: Response, url: string, maxBytes: number): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function decode(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DriftSourceError(`${source} is not UTF-8 text`);
  }
}

function tooLarge(source: string, maxBytes: number): DriftSourceError {
  return new DriftSourceError(`${source} is larger than the ${maxBytes}-byte cap (--max-bytes)`);
}

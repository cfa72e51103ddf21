// Prettier's cost grows with the file, and a large spec's types are megabytes. The printers'
// output nests members by four spaces, so a big block can be cut at member boundaries, each piece
// formatted on its own (in parallel) inside a wrapper of the same depth, and spliced back.
// Interface members format independently of their siblings, so the result equals formatting the
// whole file; the pipeline's tests and `bench:generate` check that equality.

const INDENT = 4;

/** A piece of a large file: members at `depth`, formatted inside a wrapper of that depth. */
export interface Chunk {
  depth: number;
  text: string;
}

/** The file with each chunk replaced by a placeholder member, and the chunks. */
export interface SplitSource {
  skeleton: string;
  chunks: Chunk[];
}

/** Cuts a printer-indented TypeScript source into a skeleton and chunks of at most ~`maxBytes`. */
export function splitSource(source: string, maxBytes: number): SplitSource {
  const chunks: Chunk[] = [];
  const lines = source.split("\n");
  // The final newline is no line of the last block: kept apart, that block's tail is its `}`.
  const newline = lines[lines.length - 1] === "" ? lines.pop() !== undefined : false;
  const skeleton = splitMembers(lines, 0, maxBytes, chunks);
  return { skeleton: skeleton.join("\n") + (newline ? "\n" : ""), chunks };
}

/** The text to format for a chunk: its members inside `depth` nested wrappers. */
export function wrapChunk(chunk: Chunk): string {
  const open = ["interface Chunk {"];
  const close = ["}"];
  for (let level = 1; level < chunk.depth; level++) {
    open.push(`${" ".repeat(level * INDENT)}chunk: {`);
    close.unshift(`${" ".repeat(level * INDENT)}};`);
  }
  return [...open, chunk.text, ...close, ""].join("\n");
}

/** Splices formatted chunks (as formatted by their wrapper) into the formatted skeleton. */
export function joinFormatted(skeleton: string, chunks: Chunk[], formatted: string[]): string {
  return skeleton.replace(/^ *__chunk_(\d+): never;$/gm, (_, n: string) => {
    const i = Number(n);
    const lines = formatted[i]!.replace(/\n$/, "").split("\n");
    return lines.slice(chunks[i]!.depth, lines.length - chunks[i]!.depth).join("\n");
  });
}

/** Splits the lines of one block whose members sit at `depth`; returns the skeleton's lines. */
function splitMembers(lines: string[], depth: number, maxBytes: number, chunks: Chunk[]): string[] {
  const out: string[] = [];
  let group: string[] = [];
  let groupBytes = 0;
  const flush = (): void => {
    if (group.length === 0) return;
    // Top-level statements stay in the skeleton: a chunk needs an enclosing member list.
    if (depth === 0) out.push(...group);
    else {
      out.push(`${" ".repeat(depth * INDENT)}__chunk_${chunks.length}: never;`);
      chunks.push({ depth, text: group.join("\n") });
    }
    group = [];
    groupBytes = 0;
  };
  for (const member of members(lines, depth)) {
    const bytes = member.reduce((sum, line) => sum + line.length + 1, 0);
    const body = bytes > maxBytes ? blockBody(member, depth) : undefined;
    if (body) {
      flush();
      out.push(...body.head, ...splitMembers(body.inner, depth + 1, maxBytes, chunks), body.tail);
      continue;
    }
    if (groupBytes + bytes > maxBytes || (groupBytes >= maxBytes / 8 && isBoundary(member[0]!))) {
      flush();
    }
    group.push(...member);
    groupBytes += bytes;
  }
  flush();
  return out;
}

/**
 * Content-defined cut points: where a chunk ends depends on the member's own first line, not on
 * the sizes before it, so a change to one member leaves the other chunks (and their cached
 * formatting) as they were.
 */
function isBoundary(line: string): boolean {
  let hash = 2166136261;
  for (let i = 0; i < line.length; i++) hash = Math.imul(hash ^ line.charCodeAt(i), 16777619);
  return (hash >>> 0) % 16 === 0;
}

/** Groups lines into members: a member starts at a line indented exactly `depth` levels. */
function members(lines: string[], depth: number): string[][] {
  const indent = " ".repeat(depth * INDENT);
  const result: string[][] = [];
  let previous = "";
  for (const line of lines) {
    const starts =
      line.startsWith(indent) &&
      /^[^\s})\]]/.test(line.slice(indent.length)) &&
      !previous.trimEnd().endsWith("*/");
    if (starts || result.length === 0) result.push([line]);
    else result[result.length - 1]!.push(line);
    if (line.trim() !== "") previous = line;
  }
  return result;
}

/** For a member `name: {` ... `};` (after its doc comment), its head, inner lines and tail. */
function blockBody(
  member: string[],
  depth: number,
): { head: string[]; inner: string[]; tail: string } | undefined {
  const indent = " ".repeat(depth * INDENT);
  const open = member.findIndex((line) => line.startsWith(indent) && line.endsWith("{"));
  const tail = member[member.length - 1]!;
  if (open < 0 || !/^\}[;,]?$/.test(tail.slice(indent.length)) || !tail.startsWith(indent)) {
    return undefined;
  }
  if (member.slice(0, open).some((line) => !/^\s*(\/\*\*|\*)/.test(line))) return undefined;
  // `name: null | {` opens a union member: prettier re-indents its body under a leading `|`, so
  // the body only formats right in place.
  if (/[|&(]/.test(member[open]!)) return undefined;
  const inner = member.slice(open + 1, -1);
  // A line back at the member's own depth (`} | {`) means the member is not one block but a
  // union or intersection of several: cut apart, its pieces would format differently.
  const own = new RegExp(`^${indent}\\S`);
  if (inner.some((line) => own.test(line))) return undefined;
  return { head: member.slice(0, open + 1), inner, tail };
}

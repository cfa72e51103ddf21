import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { extractPinned } from "../../codegen/drift/extract.js";

// Tests reach deep into spec nodes; typing every path of the document would only add noise.
export type Json = any;

const SPEC_FILE = fileURLToPath(new URL("../../spec/instantly-api-v2.json", import.meta.url));
// The drift cases mutate bulkAddLeads; the other pinned operations would only add noise (and
// component schemas that the 3.0 conversion below does not cover).
const SPEC_TEXT = JSON.stringify(
  extractPinned(JSON.parse(readFileSync(SPEC_FILE, "utf8")), ["bulkAddLeads"]),
);

/** The dates of the real upstream copies in test/drift/history/ (see its README). */
export const HISTORY_DATES = ["2025-09-16", "2025-12-05", "2026-03-29", "2026-06-12"] as const;
export type HistoryDate = (typeof HISTORY_DATES)[number];

/** The text of a real, dated upstream copy (trimmed to what the check watches), byte-order mark included. */
export function historyText(date: HistoryDate): string {
  const file = new URL(`history/instantly-api-v2.${date}.json.gz`, import.meta.url);
  return gunzipSync(readFileSync(file)).toString("utf8");
}

/** A real, dated upstream copy as a document to mutate. */
export function historyCopy(date: HistoryDate): Json {
  return JSON.parse(historyText(date).replace(/^\uFEFF/, ""));
}

/** A fresh deep copy of the repository's pinned spec, reduced to bulkAddLeads. */
export function pinnedSpec(): Json {
  return JSON.parse(SPEC_TEXT);
}

export const OP = "paths./api/v2/leads/add.post";
export const BODY = `${OP}.requestBody.content.application/json.schema`;
export const LEAD = `${BODY}.properties.leads.items`;
export const OK = `${OP}.responses.200.content.application/json.schema`;

/** Handles on the nodes of bulkAddLeads that tests mutate. */
export function nodes(doc: Json) {
  const op = doc.paths["/api/v2/leads/add"].post;
  const body = op.requestBody.content["application/json"].schema;
  const ok = op.responses["200"].content["application/json"].schema;
  return { op, body, lead: body.properties.leads.items, ok };
}

/** A loopback HTTP server on an ephemeral port, closed (with its open connections) by close(). */
export async function serve(
  handler: RequestListener,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/openapi/api_v2.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A temp folder holding a pinned spec and its pin.json; remove() deletes it. */
export async function workspace(spec: Json = pinnedSpec(), operations = ["bulkAddLeads"]) {
  const dir = await mkdtemp(join(tmpdir(), "drift-"));
  const specPath = join(dir, "spec.json");
  const pinPath = join(dir, "pin.json");
  await writeFile(specPath, `${JSON.stringify(spec, null, 2)}\n`);
  const pin = {
    upstream: "http://127.0.0.1:9/unused.json",
    spec: "spec.json",
    operations,
    sha256: "0".repeat(64),
    taken: "2000-01-01",
  };
  await writeFile(pinPath, `${JSON.stringify(pin, null, 2)}\n`);
  return { dir, specPath, pinPath, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Captures what a command writes to stdout and stderr. */
export function capture() {
  const io = { stdout: "", stderr: "" };
  return {
    io,
    output: {
      out: (text: string) => void (io.stdout += text),
      err: (text: string) => void (io.stderr += text),
    },
  };
}

/** The same document as OpenAPI 3.0: `type: [X, "null"]` becomes `type: X, nullable: true`. */
export function toOpenApi30(doc: Json): Json {
  const convert = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(convert);
    if (typeof node !== "object" || node === null) return node;
    const out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, convert(v)]));
    if (Array.isArray(node.type)) {
      const types = node.type.filter((t: string) => t !== "null");
      if (types.length === 1) out.type = types[0];
      else {
        delete out.type;
        out.anyOf = types.map((type: string) => ({ type }));
      }
      if (types.length < node.type.length) out.nullable = true;
    }
    // 3.0 schemas have `example`, not 3.1's `examples` list.
    if (Array.isArray(node.examples)) delete out.examples;
    // 3.0 forbids an empty `required` list.
    if (Array.isArray(node.required) && node.required.length === 0) delete out.required;
    return out;
  };
  return { ...convert(doc), openapi: "3.0.3" };
}

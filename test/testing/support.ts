import { once } from "node:events";
import { createServer } from "node:net";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";

const { properties } = bulkAddLeadsSpec.requestBody.schema;
/** The spec's example uuids, so tests need no made-up ids. */
export const CAMPAIGN_ID = properties.campaign_id.example;
export const LIST_ID = properties.list_id.example;
export const OTHER_ID = properties.blocklist_id.example;

/** What a test needs of an answer. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Request options of `postLeads`; null leaves the header out. */
export interface PostInit {
  apiKey?: string | null;
  contentType?: string | null;
  signal?: AbortSignal;
  method?: string;
  path?: string;
}

/** POSTs to the leads endpoint; `body` is sent as JSON unless it is a string. */
export async function postLeads(url: string, body: unknown, init: PostInit = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const contentType = init.contentType === undefined ? "application/json" : init.contentType;
  if (contentType !== null) headers["content-type"] = contentType;
  const apiKey = init.apiKey === undefined ? "test-key" : init.apiKey;
  if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const response = await fetch(`${url}${init.path ?? bulkAddLeadsSpec.path}`, {
    method: init.method ?? bulkAddLeadsSpec.method,
    headers,
    // A Blob without a type, so fetch adds no Content-Type of its own.
    body: new Blob([text]),
    signal: init.signal,
  });
  const answer = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text: answer, json };
}

/** A port that was free a moment ago: bind port 0 and let it go. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { InstantlyError } from "../client/errors.js";

/** The counters of the 200 body, summed by importLeads; `satisfies` ties the names to the spec. */
export const RESPONSE_COUNTERS = [
  "total_sent",
  "leads_uploaded",
  "in_blocklist",
  "duplicated_leads",
  "skipped_count",
  "invalid_email_count",
  "incomplete_count",
  "duplicate_email_count",
] as const satisfies readonly (keyof BulkAddLeadsResponse)[];

/** One number per response counter. */
export type ResponseCounters = Record<(typeof RESPONSE_COUNTERS)[number], number>;

/** Every response counter at zero. */
export function zeroCounters(): ResponseCounters {
  return Object.fromEntries(RESPONSE_COUNTERS.map((name) => [name, 0])) as ResponseCounters;
}

/** The API answered 2xx with a body that is not the documented one, so the outcome is unknown. */
export class InstantlyResponseError extends InstantlyError {
  static {
    this.prototype.name = "InstantlyResponseError";
  }
  readonly status: number;

  /** Describes what is wrong with a 2xx body of the given status. */
  constructor(status: number, problem: string) {
    super(`Instantly API ${status} answer to bulkAddLeads ${problem}`);
    this.status = status;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function problemOf(body: unknown, sent: number): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return "is not a JSON object";
  }
  const record = body as Record<string, unknown>;
  const badCounter = RESPONSE_COUNTERS.find((name) => !isCount(record[name]));
  if (badCounter !== undefined) return `has no count in ${badCounter}`;
  // Every lead sent is accounted for by total_sent; a different figure would break the report.
  if (record.total_sent !== sent)
    return `says total_sent ${record.total_sent} for ${sent} leads sent`;
  const remaining = record.remaining_in_plan;
  if (remaining !== undefined && remaining !== null && typeof remaining !== "number") {
    return "has a remaining_in_plan that is not a number";
  }
  if (!Array.isArray(record.created_leads)) return "has no created_leads array";
  const seen = new Uint8Array(sent);
  for (const created of record.created_leads as unknown[]) {
    const { index, id } = (created ?? {}) as Record<string, unknown>;
    if (typeof id !== "string" || !isCount(index) || index >= sent || seen[index] === 1) {
      return `has a created lead without a string id and a distinct index below ${sent}`;
    }
    seen[index] = 1;
  }
  return undefined;
}

/**
 * Parses and checks a 2xx body of bulkAddLeads for `sent` leads; throws InstantlyResponseError
 * when it is not JSON or not the documented shape, since its counts could not be trusted.
 */
export function parseAddLeadsResponse(
  status: number,
  text: string | undefined,
  sent: number,
): BulkAddLeadsResponse {
  let body: unknown;
  try {
    body = JSON.parse(text ?? "");
  } catch {
    throw new InstantlyResponseError(status, text ? "is not JSON" : "has an empty body");
  }
  const problem = problemOf(body, sent);
  if (problem !== undefined) throw new InstantlyResponseError(status, problem);
  const response = body as BulkAddLeadsResponse;
  response.remaining_in_plan ??= null;
  return response;
}

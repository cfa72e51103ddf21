import type { ResponseCounters } from "../leads/response.js";
import type { CampaignStatus } from "../targets/campaign-status.js";
/** A scripted failure for one request; `applied` means the request is processed first. */
export type FakeFault =
  | { kind: "status"; status: 500 | 502 | 503 | 504 | number; applied?: boolean }
  /** Destroys the socket without applying the request. */
  | { kind: "reset-before" }
  /** Applies the request, then destroys the socket without answering. */
  | { kind: "reset-after" }
  /**
   * Answers after `ms`. With `applied` the request is applied at once and its answer held back;
   * without it the request is applied after `ms` only if the client is still waiting.
   */
  | { kind: "delay"; ms: number; applied?: boolean }
  /** A body that is not JSON (an HTML error page), status 502 unless given. */
  | { kind: "non-json"; status?: number; applied?: boolean }
  /** 429 with the documented body, `Retry-After` in seconds (default 1) or none. */
  | { kind: "rate-limit"; retryAfter?: number | "none" };

/** What a fault script sees: the 1-based number of the POST and its parsed body (raw text if not JSON). */
export interface FaultContext {
  requestNumber: number;
  body: unknown;
}

/** Configuration of the fake workspace and its failure behaviour. */
export interface FakeInstantlyOptions {
  /** Default 0: a free port. */
  port?: number;
  host?: "127.0.0.1";
  /** Default "test-key". */
  apiKey?: string;
  /**
   * Known campaigns, by uuid or with a name and status; unknown ones get 404. If `campaigns` and
   * `lists` are both omitted, any uuid is accepted (and the GET endpoints list nothing).
   */
  campaigns?: readonly (string | FakeCampaign)[];
  /** Known lead lists, by uuid or with a name; unknown ones get 404. */
  lists?: readonly (string | FakeList)[];
  /** Default true; false answers 402. */
  paid?: boolean;
  /** Default 100_000; counts down by leads created in campaigns. */
  remainingInPlan?: number;
  /** Emails ("a@b.example") or domains ("@blocked.example" or "blocked.example"). */
  blocklist?: readonly string[];
  /** Default: the documented workspace limits; false turns limiting off. */
  rateLimit?: { perSecond?: number; perMinute?: number; retryAfter?: boolean } | false;
  /** Added before every answer of the leads endpoint. */
  latencyMs?: number;
  faults?: ((ctx: FaultContext) => FakeFault | undefined) | Record<number, FakeFault>;
}

/** A campaign of the fake workspace, served by GET /api/v2/campaigns(/{id}). */
export interface FakeCampaign {
  id: string;
  /** Default "Campaign <id>". */
  name?: string;
  /** One of the spec's campaign statuses; default: the one labelled Active. */
  status?: CampaignStatus;
}

/** A lead list of the fake workspace, served by GET /api/v2/lead-lists(/{id}). */
export interface FakeList {
  id: string;
  /** Default "List <id>". */
  name?: string;
}

export type FakeTarget = { campaign_id: string } | { list_id: string };

/** A lead the fake created. */
export interface FakeLead {
  id: string;
  /** Position in the request that created it. */
  index: number;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  target: FakeTarget;
  requestNumber: number;
  /** The lead object as sent. */
  lead: Record<string, unknown>;
}

/** The counters of the 200 response, summed over applied requests. */
export type FakeTotals = ResponseCounters;

/** One POST to the leads endpoint as the server saw it. */
export interface FakeLogEntry {
  requestNumber: number;
  /** The status delivered, or "reset" when the connection ended without an answer. */
  status: number | "reset";
  /** Whether the request changed the workspace. */
  applied: boolean;
  /** Milliseconds since the server started. */
  at: number;
}

/** The live workspace state, for assertions. */
export interface FakeState {
  /** POSTs to the leads endpoint received. */
  requests: number;
  /** Requests that changed the workspace. */
  applied: number;
  /** Answers by status; "reset" counts connections ended without an answer. */
  responses: Record<string, number>;
  /** Every created lead, in creation order. */
  leads: FakeLead[];
  leadsIn(target: FakeTarget): FakeLead[];
  totals: FakeTotals;
  remainingInPlan: number;
  log: FakeLogEntry[];
}

/** A running fake server. */
export interface FakeInstantly {
  url: string;
  apiKey: string;
  state: FakeState;
  close(): Promise<void>;
}

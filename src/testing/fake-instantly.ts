import type { ResponseCounters } from "../leads/response.js";
import type { CampaignStatus } from "../targets/campaign-status.js";
/** A scripted failure for one request; `applied` means the request is processed first. */
export type FakeFault =
  | { kind: "status"; status: 500 | 502 | 503 | 504 | (number & {}); applied?: boolean }
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
  | { kind: "rate-limit"; retryAfter?: number | "none" }
  /**
   * 403, not applied: an HTML page as the API's edge sends when it refuses a request (e.g. its
   * User-Agent), or with `body: "json"` the API's error body, as for a key without the scope.
   */
  | { kind: "forbidden"; body?: "html" | "json" };

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
  /**
   * Default: the documented workspace limits; false turns limiting off. `retryAfter: false` sends
   * 429 without `Retry-After`. `neighbourPerSecond`: another integration of the workspace sending
   * this many requests per second, evenly, always counted against the same limits, so the client
   * gets only what it leaves.
   */
  rateLimit?:
    | { perSecond?: number; perMinute?: number; retryAfter?: boolean; neighbourPerSecond?: number }
    | false;
  /** Added before every answer of the leads endpoint. */
  latencyMs?: number;
  /**
   * A rule the server enforces beyond the spec's schema (as a real API may): a request holding a
   * lead it refuses is refused whole, nothing applied, naming the first such lead.
   */
  leadRule?: FakeLeadRule;
  /**
   * Bodies larger than this many bytes are answered 413 before anything else is checked, as a
   * server's body limit does (the spec states none).
   */
  maxBodyBytes?: number;
  /**
   * How many requests the leads endpoint works on at once, each taking `serviceMs`; the others
   * wait in a first-come queue (each log entry says how long, `queuedMs`).
   */
  capacity?: FakeCapacity;
  faults?: ((ctx: FaultContext) => FakeFault | undefined) | Record<number, FakeFault>;
  /** Every applied request is answered 200 with a body that departs from the spec this way. */
  deviations?: FakeResponseDeviations;
  /** Faults of POST /api/v2/leads/list, numbered by its own requests (1-based). */
  listLeadsFaults?: ((ctx: FaultContext) => FakeFault | undefined) | Record<number, FakeFault>;
}

/**
 * Ways the 200 body of an applied request can depart from the spec's, for testing code against
 * an API that answers otherwise than documented. The workspace state is unaffected.
 */
export interface FakeResponseDeviations {
  /** Counters left out of the body. */
  omitCounters?: ReadonlyArray<keyof FakeTotals>;
  /** `status` instead of "success". */
  status?: string;
  /** `total_sent` as this number, whatever was sent (the spec's example says 10). */
  totalSent?: number;
  /**
   * The `index` of each created_leads entry: "omit" leaves it out, "duplicate" gives every entry
   * the first entry's index, "out-of-range" adds the number of leads sent, "unmapped" does that
   * and sets `email` to null, so that no entry can be tied to its lead.
   */
  createdIndex?: "omit" | "duplicate" | "out-of-range" | "unmapped";
  /** A 200 with this body that is not JSON (e.g. "OK"), the request applied all the same. */
  nonJsonBody?: string;
}

/**
 * A lead rule the spec does not state. A lead whose `field` (default "email") is a string matching
 * `matches` (a regular expression, or its source) is refused: the whole request is answered
 * `status` (default 400) with `body/leads/N/<field> is not valid` for the first such lead N, or,
 * with `namePosition: false`, `<field> is not valid` (no hint of which lead).
 */
export interface FakeLeadRule {
  field?: string;
  matches: string | RegExp;
  status?: 400 | 422;
  namePosition?: boolean;
}

/** A server that works on `concurrent` requests at once, `serviceMs` each, and queues the rest. */
export interface FakeCapacity {
  concurrent: number;
  serviceMs: number;
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
  /** When it was created (ISO 8601), its `timestamp_created` in listLeads. */
  createdAt: string;
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
  /** With `capacity`: milliseconds the request waited in the queue for a free worker. */
  queuedMs?: number;
}

/** The live workspace state, for assertions. */
export interface FakeState {
  /** POSTs to the leads endpoint received. */
  requests: number;
  /** POSTs to the listLeads endpoint received. */
  listRequests: number;
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

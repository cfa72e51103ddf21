import type { IncomingMessage } from "node:http";
import {
  getCampaignSpec,
  getLeadListSpec,
  listCampaignSpec,
  listLeadListSpec,
} from "../../generated/constraints.gen.js";
import { checkAuthorization, type AddLeadsEndpoint } from "./add-leads-endpoint.js";
import type { CatalogKind, FakeCatalog } from "./catalog.js";
import { errorReply, jsonReply, rateLimitReply, type Reply } from "./replies.js";

/** Page size when `limit` is not given: the spec's example of it. */
const DEFAULT_LIMIT = 10;
/** The spec's maximum of `limit`. */
const MAX_LIMIT = 100;

interface Route {
  kind: CatalogKind;
  /** Matches the path; the id, if any, is its first group. */
  pattern: RegExp;
  one: boolean;
  method: string;
}

function routeOf(kind: CatalogKind, spec: { path: string; method: string }, one: boolean): Route {
  const pattern = new RegExp(`^${spec.path.replace("{id}", "([^/]+)")}$`);
  return { kind, pattern, one, method: spec.method };
}

const ROUTES: readonly Route[] = [
  routeOf("campaign", getCampaignSpec, true),
  routeOf("campaign", listCampaignSpec, false),
  routeOf("list", getLeadListSpec, true),
  routeOf("list", listLeadListSpec, false),
];

/**
 * Answers getCampaign, listCampaign, getLeadList and listLeadList as the spec describes them
 * (authentication, the shared rate limit, plan, 404 for unknown ids, pagination and `search`);
 * undefined for any other path.
 */
export function handleCatalogRequest(
  endpoint: AddLeadsEndpoint,
  catalog: FakeCatalog,
  request: IncomingMessage,
): Reply | undefined {
  const url = new URL(request.url ?? "/", "http://fake");
  const matched = ROUTES.map((route) => ({ route, match: route.pattern.exec(url.pathname) })).find(
    ({ match }) => match !== null,
  );
  if (matched === undefined) return undefined;
  const { route, match } = matched;
  if (request.method !== route.method) {
    const allow = { Allow: route.method };
    return errorReply(405, `Method ${request.method} not allowed on ${url.pathname}`, allow);
  }
  const authError = checkAuthorization(request.headers.authorization, endpoint.apiKey);
  if (authError !== undefined) return errorReply(401, authError);
  const decision = endpoint.rateLimit?.window.take();
  if (decision !== undefined && !decision.admitted) {
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    return rateLimitReply(endpoint.rateLimit?.sendRetryAfter === true ? seconds : undefined);
  }
  if (!endpoint.paid) return errorReply(402, "Workspace does not have an active paid plan");
  if (route.one) {
    const id = decodeURIComponent(match?.[1] ?? "");
    const record = catalog.find(route.kind, id);
    const noun = route.kind === "campaign" ? "Campaign" : "Lead list";
    return record === undefined ? errorReply(404, `${noun} not found`) : jsonReply(200, record);
  }
  const limitText = url.searchParams.get("limit");
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return errorReply(400, `querystring/limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const page = catalog.page(route.kind, {
    search: url.searchParams.get("search") ?? undefined,
    limit,
    startingAfter: url.searchParams.get("starting_after") ?? undefined,
  });
  return jsonReply(200, page);
}

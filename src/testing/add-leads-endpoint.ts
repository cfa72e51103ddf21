import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { applyLeads } from "./apply-leads.js";
import { deviatedReply } from "./deviations.js";
import type { WorkspaceState } from "./fake-state.js";
import type { RateWindow } from "./rate-window.js";
import { leadRuleRefusal } from "./lead-rule.js";
import { errorReply, rateLimitReply, type Outcome } from "./replies.js";
import { checkRequestBody, isSpecMediaType } from "./request-body.js";
import type { FakeLeadRule, FakeResponseDeviations } from "./fake-instantly.js";

/** Everything POST /api/v2/leads/add needs besides the request. */
export interface AddLeadsEndpoint {
  state: WorkspaceState;
  apiKey: string;
  paid: boolean;
  isBlocked: (email: string) => boolean;
  /** Undefined when rate limiting is off. */
  rateLimit: { window: RateWindow; sendRetryAfter: boolean } | undefined;
  /** How 200 bodies depart from the spec, if they do. */
  deviations?: FakeResponseDeviations | undefined;
  /** A rule beyond the spec's schema that refuses a whole request for one lead. */
  leadRule?: FakeLeadRule | undefined;
}

/** One request to the endpoint as the server received it. */
export interface AddLeadsRequest {
  requestNumber: number;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The parsed JSON body, undefined when it is not JSON. */
  parsed: { json: unknown } | undefined;
}

/**
 * Handles a request in the order of an API gateway in front of the service: authentication,
 * rate limit, plan, media type, body validation (the spec's schema, then `leadRule`), target
 * lookup; then applies the leads.
 */
export function handleAddLeads(endpoint: AddLeadsEndpoint, request: AddLeadsRequest): Outcome {
  const refuse = (reply: Outcome["reply"]): Outcome => ({ reply, applied: false });
  const refusal = checkGateway(endpoint, request.authorization);
  if (refusal !== undefined) return refuse(refusal);
  if (!isSpecMediaType(request.contentType)) {
    const { mediaType } = bulkAddLeadsSpec.requestBody;
    return refuse(errorReply(415, `Content-Type must be ${mediaType}`));
  }
  const checked = checkRequestBody(request.parsed);
  if (!checked.ok) return refuse(errorReply(400, checked.message));
  const { body, target } = checked;
  const broken = leadRuleRefusal(endpoint.leadRule, body);
  if (broken !== undefined) return refuse(broken);
  if (!endpoint.state.targetExists(target)) {
    const [kind, id] =
      "campaign_id" in target ? ["Campaign", target.campaign_id] : ["List", target.list_id];
    return refuse(errorReply(404, `${kind} ${id} not found`));
  }
  const response = applyLeads(
    endpoint.state,
    target,
    body,
    request.requestNumber,
    endpoint.isBlocked,
  );
  return { reply: deviatedReply(response, endpoint.deviations), applied: true };
}

/**
 * What the API gateway answers before any endpoint sees the request, in its order: 401 for a bad
 * key, 429 over the rate limit, 402 without a paid plan; undefined when the request gets through.
 */
export function checkGateway(
  endpoint: AddLeadsEndpoint,
  authorization: string | undefined,
): Outcome["reply"] | undefined {
  const authError = checkAuthorization(authorization, endpoint.apiKey);
  if (authError !== undefined) return errorReply(401, authError);
  const { rateLimit } = endpoint;
  const decision = rateLimit?.window.take();
  if (decision !== undefined && !decision.admitted) {
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    return rateLimitReply(rateLimit?.sendRetryAfter === true ? seconds : undefined);
  }
  if (!endpoint.paid) return errorReply(402, "Workspace does not have an active paid plan");
  return undefined;
}

/** The 401 message for a missing or wrong bearer key, undefined when the key is right. */
export function checkAuthorization(header: string | undefined, apiKey: string): string | undefined {
  if (header === undefined || header === "") return "Missing Authorization header";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1] === apiKey ? undefined : "Invalid API key";
}

import type { ListLeadsBody, ListLeadsResponse } from "../../generated/client.gen.js";
import { listLeadsSpec } from "../../generated/constraints.gen.js";
import type { IncomingMessage } from "node:http";
import { checkGateway, type AddLeadsEndpoint } from "./add-leads-endpoint.js";
import type { Exchange } from "./exchange.js";
import { faultFor, playFault } from "./faults.js";
import { errorReply, jsonReply, type Outcome } from "./replies.js";
import { parseJson } from "./request-body.js";
import { createSpecAjv } from "./spec-ajv.js";
import type { FakeInstantlyOptions, FakeLead } from "./fake-instantly.js";

/** Compiled once: every request is checked against the spec's listLeads body schema. */
const validateBody = createSpecAjv().compile<ListLeadsBody>(listLeadsSpec.requestBody.schema);
const { limit: limitSchema } = listLeadsSpec.requestBody.schema.properties;
/** The spec gives no default page size; the fake uses its largest. */
const DEFAULT_LIMIT = limitSchema.maximum;
/** The workspace every fake lead belongs to. */
export const FAKE_ORGANIZATION_ID = "0190b10c-0000-7000-8000-0000000000a1";
const ACTIVE = 1;

type ListedLead = ListLeadsResponse["items"][number];

/**
 * POST /api/v2/leads/list over the leads the fake created, in creation order: the filters
 * `campaign`, `list_id`, `contacts` (emails, case-insensitive) and `ids`, pages of `limit` leads,
 * `starting_after` (the id of the last lead of the previous page) and `next_starting_after` (the
 * id of the page's last lead when more leads match). Other filters are accepted and not applied.
 */
export function handleListLeads(
  endpoint: AddLeadsEndpoint,
  authorization: string | undefined,
  parsed: { json: unknown } | undefined,
): Outcome {
  const refuse = (reply: Outcome["reply"]): Outcome => ({ reply, applied: false });
  const refusal = checkGateway(endpoint, authorization);
  if (refusal !== undefined) return refuse(refusal);
  // The body is optional: no body lists every lead.
  const body = parsed === undefined ? {} : parsed.json;
  if (!validateBody(body)) {
    const issue = validateBody.errors?.[0];
    return refuse(
      errorReply(400, `body${issue?.instancePath ?? ""} ${issue?.message ?? "is invalid"}`),
    );
  }
  const matching = endpoint.state.leads.filter(matcher(body));
  let start = 0;
  if (body.starting_after !== undefined) {
    const after = matching.findIndex((lead) => lead.id === body.starting_after);
    start = after === -1 ? matching.length : after + 1;
  }
  const page = matching.slice(start, start + (body.limit ?? DEFAULT_LIMIT));
  const last = page.at(-1);
  const more = start + page.length < matching.length;
  const response: ListLeadsResponse = {
    items: page.map(listedLead),
    ...(more && last !== undefined ? { next_starting_after: last.id } : {}),
  };
  return { reply: jsonReply(200, response), applied: false };
}

function matcher(body: ListLeadsBody): (lead: FakeLead) => boolean {
  const campaign = body.campaign?.toLowerCase();
  const list = body.list_id?.toLowerCase();
  const contacts = body.contacts && new Set(body.contacts.map((email) => email.toLowerCase()));
  const ids = body.ids && new Set(body.ids);
  return (lead) => {
    const target = lead.target;
    if (campaign !== undefined) {
      if (!("campaign_id" in target) || target.campaign_id.toLowerCase() !== campaign) return false;
    }
    if (list !== undefined) {
      if (!("list_id" in target) || target.list_id.toLowerCase() !== list) return false;
    }
    if (contacts !== undefined && !contacts.has(lead.email?.toLowerCase() ?? "")) return false;
    return ids === undefined || ids.has(lead.id);
  };
}

/** A created lead as the spec's Lead schema describes it. */
function listedLead(lead: FakeLead): ListedLead {
  const sent = lead.lead;
  const text = (name: string) => (typeof sent[name] === "string" ? sent[name] : null);
  const domain = lead.email?.slice(lead.email.lastIndexOf("@") + 1) ?? "";
  return {
    id: lead.id,
    timestamp_created: lead.createdAt,
    timestamp_updated: lead.createdAt,
    organization: FAKE_ORGANIZATION_ID,
    campaign: "campaign_id" in lead.target ? lead.target.campaign_id : null,
    list_id: "list_id" in lead.target ? lead.target.list_id : null,
    status: ACTIVE,
    email: lead.email,
    first_name: lead.first_name,
    last_name: lead.last_name,
    phone: lead.phone,
    company_name: text("company_name"),
    website: text("website"),
    personalization: text("personalization"),
    payload: (sent.custom_variables as ListedLead["payload"] | undefined) ?? null,
    email_open_count: 0,
    email_reply_count: 0,
    email_click_count: 0,
    company_domain: domain,
    status_summary: {},
    upload_method: "api",
  };
}

/** Serves one listLeads request, with the faults scripted for it (`listLeadsFaults`). */
export async function serveListLeads(
  endpoint: AddLeadsEndpoint,
  options: FakeInstantlyOptions,
  request: IncomingMessage,
  exchange: Exchange,
): Promise<void> {
  const { state } = endpoint;
  state.listRequests += 1;
  const requestNumber = state.listRequests;
  const text = await exchange.readBody().catch(() => undefined);
  if (text === undefined) return;
  const parsed = text.trim() === "" ? undefined : parseJson(text);
  if (text.trim() !== "" && parsed === undefined) {
    return exchange.send(errorReply(400, "Request body is not valid JSON"));
  }
  const fault = faultFor(options.listLeadsFaults, { requestNumber, body: parsed?.json ?? text });
  const handle = () => handleListLeads(endpoint, request.headers.authorization, parsed);
  const { reply } = fault ? await playFault(fault, handle, exchange) : handle();
  if (reply === undefined || exchange.gone) return exchange.reset();
  exchange.send(reply);
}

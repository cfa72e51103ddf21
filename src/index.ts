// The public API of instantly-client: the client, its errors, the lead helpers, and the types and
// spec facts generated from the pinned spec.

export {
  createInstantlyClient,
  type InstantlyClient,
  type InstantlyClientOptions,
  type Logger,
  type ExchangeRecord,
  type RateLimitOptions,
  type RequestPolicy,
  type RetryEvent,
  type AttemptTiming,
} from "./client/create.js";
export {
  InstantlyAbortError,
  InstantlyApiError,
  InstantlyAuthenticationError,
  InstantlyConnectionError,
  InstantlyError,
  InstantlyNotFoundError,
  InstantlyPaymentRequiredError,
  InstantlyPermissionDeniedError,
  InstantlyRateLimitError,
  InstantlyServerError,
  InstantlyTimeoutError,
  type InstantlyErrorBody,
} from "./client/errors.js";
export { DEFAULT_REQUESTS_PER_MINUTE, DEFAULT_REQUESTS_PER_SECOND } from "./client/rate-limit.js";

export * from "./leads/index.js";
export * from "./targets/index.js";

export {
  DEFAULT_BASE_URL,
  type BulkAddLeadsBody,
  type BulkAddLeadsError401,
  type BulkAddLeadsError402,
  type BulkAddLeadsError404,
  type BulkAddLeadsError429,
  type BulkAddLeadsLead,
  type BulkAddLeadsResponse,
  type GetCampaignResponse,
  type GetLeadListResponse,
  type InstantlyFetchClient,
  type ListCampaignQuery,
  type ListCampaignResponse,
  type ListLeadListQuery,
  type ListLeadListResponse,
} from "../generated/client.gen.js";
export {
  bulkAddLeadsSpec,
  getCampaignSpec,
  getLeadListSpec,
  listCampaignSpec,
  listLeadListSpec,
} from "../generated/constraints.gen.js";
export type { components, operations, paths } from "../generated/schema.gen.js";

import type { FetchOptions } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type {
  BulkAddLeadsBody,
  BulkAddLeadsResponse,
  InstantlyFetchClient,
} from "../../generated/client.gen.js";
import type { paths } from "../../generated/schema.gen.js";
import { createInstantlyClient, type InstantlyClient } from "../../src/client/create.js";

const client = createInstantlyClient({ apiKey: "key" });
const body: BulkAddLeadsBody = { campaign_id: "c", leads: [{ email: "a@example.com" }] };

describe("createInstantlyClient types", () => {
  it("is the generated openapi-fetch client plus fetchWith", () => {
    expectTypeOf(client).toEqualTypeOf<InstantlyClient>();
    expectTypeOf(client).toMatchTypeOf<InstantlyFetchClient>();
    expectTypeOf(client.fetchWith({ replaySafe: true })).toEqualTypeOf<
      (request: Request) => Promise<Response>
    >();
  });

  it("types the bulkAddLeads body and response from the spec", async () => {
    type PostBody = FetchOptions<paths["/api/v2/leads/add"]["post"]>["body"];
    expectTypeOf<PostBody>().toExtend<BulkAddLeadsBody>();
    expectTypeOf<BulkAddLeadsBody>().toExtend<PostBody>();
    const { data } = await client.POST("/api/v2/leads/add", { body });
    expectTypeOf(data).toEqualTypeOf<BulkAddLeadsResponse | undefined>();
  });

  it("rejects bodies the spec does not allow", () => {
    // @ts-expect-error -- `leads` is required
    void client.POST("/api/v2/leads/add", { body: { campaign_id: "c" } });
    // @ts-expect-error -- `email` is a string or null
    void client.POST("/api/v2/leads/add", { body: { leads: [{ email: 5 }] } });
    // @ts-expect-error -- lt_interest_status is one of the spec's enum values
    void client.POST("/api/v2/leads/add", { body: { leads: [{ lt_interest_status: 7 }] } });
    // @ts-expect-error -- skip_if_in_workspace is a boolean
    void client.POST("/api/v2/leads/add", { body: { leads: [], skip_if_in_workspace: "yes" } });
    // @ts-expect-error -- the path is not in the spec
    void client.POST("/api/v2/leads/bulk", { body });
  });

  it("rejects misspelt fields once the body is typed as BulkAddLeadsBody", () => {
    // openapi-fetch infers `init` generically, which switches off excess-property checks on
    // inline bodies; annotating the body (as the leads helpers do) switches them back on.
    // @ts-expect-error -- `emial` is not a lead field
    const misspelt: BulkAddLeadsBody = { leads: [{ emial: "a@example.com" }] };
    // @ts-expect-error -- `skip_if_in_workspac` is not a body field
    const misspeltOption: BulkAddLeadsBody = { leads: [], skip_if_in_workspac: true };
    void client.POST("/api/v2/leads/add", { body: misspelt });
    void client.POST("/api/v2/leads/add", { body: misspeltOption });
  });

  it("rejects options the client does not know", () => {
    // @ts-expect-error -- apiKey is required
    createInstantlyClient({ baseUrl: "https://api.instantly.ai" });
    // @ts-expect-error -- the retry reason is a closed set
    client.fetchWith({ onRetry: (event) => event.reason === "other" });
  });
});

import { describe, expectTypeOf, it } from "vitest";
import type {
  GetCampaignError404,
  GetCampaignPathParams,
  GetCampaignResponse,
  GetLeadListPathParams,
  GetLeadListResponse,
  ListCampaignQuery,
  ListCampaignResponse,
  ListLeadListQuery,
  ListLeadListResponse,
} from "../../generated/client.gen.js";
import type { getCampaignSpec, operationSpecs } from "../../generated/constraints.gen.js";
import type { InstantlyClient } from "../../src/client/client-types.js";
import type { CampaignStatus } from "../../src/targets/campaign-status.js";

type CampaignStatusUnion = -99 | -1 | -2 | 0 | 1 | 2 | 3 | 4;

describe("the generated types of the campaign and lead-list operations", () => {
  it("types a campaign's status as the spec's enum, the same as the constants' values", () => {
    expectTypeOf<GetCampaignResponse["status"]>().toEqualTypeOf<CampaignStatusUnion>();
    type Values = (typeof getCampaignSpec)["enums"]["responses.200.status"]["values"][number];
    expectTypeOf<Values>().toEqualTypeOf<CampaignStatusUnion>();
    expectTypeOf<CampaignStatus>().toEqualTypeOf<CampaignStatusUnion>();
  });

  it("requires what the spec requires of Campaign and LeadList", () => {
    expectTypeOf<GetCampaignResponse["id"]>().toEqualTypeOf<string>();
    expectTypeOf<GetCampaignResponse["name"]>().toEqualTypeOf<string>();
    expectTypeOf<GetLeadListResponse["name"]>().toEqualTypeOf<string>();
    expectTypeOf<GetLeadListResponse["owned_by"]>().toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error: a campaign without its required status and schedule
    const campaign: GetCampaignResponse = { id: "x", name: "n" };
    expectTypeOf(campaign).toEqualTypeOf<GetCampaignResponse>();
  });

  it("types the list operations' pages: items of the get types and an optional cursor", () => {
    expectTypeOf<ListCampaignResponse["items"]>().toEqualTypeOf<GetCampaignResponse[]>();
    expectTypeOf<ListLeadListResponse["items"]>().toEqualTypeOf<GetLeadListResponse[]>();
    expectTypeOf<ListCampaignResponse["next_starting_after"]>().toEqualTypeOf<string | undefined>();
  });

  it("types the query and path parameters", () => {
    expectTypeOf<ListCampaignQuery["search"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListCampaignQuery["limit"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ListCampaignQuery["status"]>().toEqualTypeOf<CampaignStatusUnion | undefined>();
    expectTypeOf<ListLeadListQuery["starting_after"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListLeadListQuery["has_enrichment_task"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<GetCampaignPathParams>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<GetLeadListPathParams>().toEqualTypeOf<{ id: string }>();
    // @ts-expect-error: not a query parameter of listLeadList
    const query: ListLeadListQuery = { status: 1 };
    expectTypeOf(query).toEqualTypeOf<ListLeadListQuery>();
  });

  it("types the error bodies", () => {
    expectTypeOf<GetCampaignError404["statusCode"]>().toEqualTypeOf<404>();
  });

  it("lets the client call the operations by their spec paths, and only with the right params", () => {
    type Get = InstantlyClient["GET"];
    expectTypeOf<Get>().toBeCallableWith("/api/v2/campaigns/{id}", {
      params: { path: { id: "x" } },
    });
    expectTypeOf<Get>().toBeCallableWith("/api/v2/lead-lists", {
      params: { query: { search: "VIP", limit: 10 } },
    });
    // @ts-expect-error: the path parameter is required
    expectTypeOf<Get>().toBeCallableWith("/api/v2/campaigns/{id}", { params: { path: {} } });
  });

  it("lists every pinned operation in operationSpecs", () => {
    expectTypeOf<keyof typeof operationSpecs>().toEqualTypeOf<
      "bulkAddLeads" | "listLeads" | "getCampaign" | "listCampaign" | "getLeadList" | "listLeadList"
    >();
  });
});

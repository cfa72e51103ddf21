import { describe, expect, it } from "vitest";
import { getCampaignSpec } from "../../generated/constraints.gen.js";
import { InstantlyApiError } from "../../src/client/errors.js";
import { listTargets } from "../../src/targets/fetch-targets.js";
import { resolveTarget } from "../../src/targets/resolve-target.js";
import { InstantlyTargetError } from "../../src/targets/target-error.js";
import { recordingClient, uuids } from "./support.js";

const STATUS = getCampaignSpec.enums["responses.200.status"];
const [A, B, C, D] = uuids(4);
const campaigns = [
  { id: A as string, name: "Q4 outreach", status: STATUS.values[4] },
  { id: B as string, name: "Q4 outreach (copy)", status: STATUS.values[5] },
  { id: C as string, name: "Twin" },
  { id: D as string, name: "Twin" },
];

describe("resolveTarget", () => {
  it("fetches a uuid with getCampaign and returns the target, name, status and label", async () => {
    const { client, requests } = await recordingClient({ campaigns });
    const resolved = await resolveTarget(client, { campaign: A as string });
    expect(resolved).toEqual({
      kind: "campaign",
      id: A,
      name: "Q4 outreach",
      status: STATUS.values[4],
      statusLabel: STATUS.labels[STATUS.values[4]],
      target: { campaign_id: A },
    });
    expect(requests).toEqual([`GET /api/v2/campaigns/${A}`]);
  });

  it("fetches a list uuid with getLeadList", async () => {
    const { client, requests } = await recordingClient({ lists: [{ id: B as string, name: "L" }] });
    const resolved = await resolveTarget(client, { list: B as string });
    expect(resolved).toEqual({ kind: "list", id: B, name: "L", target: { list_id: B } });
    expect(requests).toEqual([`GET /api/v2/lead-lists/${B}`]);
  });

  it("looks a name up with search and picks the exact, case-sensitive match", async () => {
    const { client, requests } = await recordingClient({ campaigns });
    const resolved = await resolveTarget(client, { campaign: "Q4 outreach" });
    expect(resolved.target).toEqual({ campaign_id: A });
    expect(requests).toEqual(["GET /api/v2/campaigns?search=Q4%20outreach"]);
  });

  it("refuses an ambiguous name, listing every match with id and status", async () => {
    const { client } = await recordingClient({ campaigns });
    const error = await resolveTarget(client, { campaign: "Twin" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstantlyTargetError);
    const targetError = error as InstantlyTargetError;
    expect(targetError.reason).toBe("ambiguous");
    expect(targetError.candidates.map((c) => c.id)).toEqual([C, D]);
    expect(targetError.message).toContain(`${C}  campaign 'Twin' (Active)`);
    expect(targetError.message).toContain(`${D}  campaign 'Twin' (Active)`);
  });

  it("refuses a missing name, naming the near misses the search found", async () => {
    const { client } = await recordingClient({ campaigns });
    const error = (await resolveTarget(client, { campaign: "q4 OUTREACH" }).catch(
      (e: unknown) => e,
    )) as InstantlyTargetError;
    expect(error).toBeInstanceOf(InstantlyTargetError);
    expect(error.reason).toBe("not-found");
    expect(error.candidates.map((c) => c.name)).toEqual(["Q4 outreach", "Q4 outreach (copy)"]);
    expect(error.message).toMatch(/^no campaign named or with the id 'q4 OUTREACH'/);
  });

  it("refuses an unknown uuid as not found, keeping the 404 as the cause", async () => {
    const { client } = await recordingClient({ lists: [B as string] });
    const error = (await resolveTarget(client, { list: A as string }).catch(
      (e: unknown) => e,
    )) as InstantlyTargetError;
    expect(error).toBeInstanceOf(InstantlyTargetError);
    expect(error.reason).toBe("not-found");
    expect((error.cause as InstantlyApiError).status).toBe(404);
  });

  it("throws the API's refusal (401) as is", async () => {
    const { client } = await recordingClient({ campaigns }, "wrong-key");
    const error = await resolveTarget(client, { campaign: "Q4 outreach" }).catch((e) => e);
    expect(error).toBeInstanceOf(InstantlyApiError);
    expect((error as InstantlyApiError).status).toBe(401);
  });

  it("follows next_starting_after across pages to find a name on a later page", async () => {
    const ids = uuids(25, "0198");
    const many = ids.map((id, i) => ({ id, name: i === 23 ? "Needle" : `Needle ${i}` }));
    const { client, requests } = await recordingClient({ lists: many });
    const resolved = await resolveTarget(client, { list: "Needle" });
    expect(resolved.id).toBe(ids[23]);
    // The fake's default page is 10: three pages, each asking after the last id of the one before.
    expect(requests).toEqual([
      "GET /api/v2/lead-lists?search=Needle",
      `GET /api/v2/lead-lists?search=Needle&starting_after=${ids[9]}`,
      `GET /api/v2/lead-lists?search=Needle&starting_after=${ids[19]}`,
    ]);
  });
});

describe("listTargets", () => {
  it("pages through every item with the page size given as limit", async () => {
    const ids = uuids(7, "0197");
    const { client, requests } = await recordingClient({ campaigns: ids });
    const listed = [];
    for await (const item of listTargets(client, "campaign", { pageSize: 3 })) listed.push(item.id);
    expect(listed).toEqual(ids);
    expect(requests).toHaveLength(3);
    expect(requests[2]).toBe(`GET /api/v2/campaigns?limit=3&starting_after=${ids[5]}`);
  });

  it("lists nothing in an empty workspace with one request", async () => {
    const { client, requests } = await recordingClient({ lists: [] });
    const listed = [];
    for await (const item of listTargets(client, "list")) listed.push(item);
    expect(listed).toEqual([]);
    expect(requests).toHaveLength(1);
  });
});

import { randomUUID } from "node:crypto";
import { fullFormats } from "ajv-formats/dist/formats.js";
import type { GetCampaignResponse, GetLeadListResponse } from "../../generated/client.gen.js";
import { getCampaignSpec } from "../../generated/constraints.gen.js";
import type { KnownTargets } from "./fake-state.js";
import type { FakeCampaign, FakeInstantlyOptions, FakeList } from "./fake-instantly.js";

/** The kinds of record the fake serves over GET. */
export type CatalogKind = "campaign" | "list";
type CatalogRecord = GetCampaignResponse | GetLeadListResponse;

/** One page of a list operation: its items, and the cursor of the next page if there is one. */
export interface CatalogPage {
  items: CatalogRecord[];
  next_starting_after?: string;
}

const UUID = fullFormats.uuid as RegExp;
const STATUS = getCampaignSpec.enums["responses.200.status"];
const ACTIVE = STATUS.values.find((value) => STATUS.labels[value] === "Active") ?? STATUS.values[0];
const SCHEDULE_TIMEZONE =
  getCampaignSpec.enums["responses.200.campaign_schedule.schedules[].timezone"].values[0];

/** The campaigns and lead lists of the fake workspace, as the spec's Campaign and LeadList objects. */
export class FakeCatalog {
  readonly #records: Record<CatalogKind, CatalogRecord[]>;
  readonly #known: KnownTargets;
  readonly #created = new Date().toISOString();
  readonly #organization = randomUUID();

  constructor(options: Pick<FakeInstantlyOptions, "campaigns" | "lists">) {
    const created = this.#created;
    const organization = this.#organization;
    const campaigns = (options.campaigns ?? []).map((entry) =>
      campaignRecord(typeof entry === "string" ? { id: entry } : entry, created),
    );
    const lists = (options.lists ?? []).map((entry) =>
      listRecord(typeof entry === "string" ? { id: entry } : entry, created, organization),
    );
    this.#records = { campaign: campaigns, list: lists };
    this.#known = {
      campaigns: options.campaigns && campaigns.map((record) => record.id),
      lists: options.lists && lists.map((record) => record.id),
    };
  }

  /** The ids the leads endpoint accepts (unset when the option was not given). */
  get known(): KnownTargets {
    return this.#known;
  }

  /**
   * The record with this id (uuids compare case-insensitively), or undefined. When neither
   * campaigns nor lists were configured, every uuid exists, as for the leads endpoint.
   */
  find(kind: CatalogKind, id: string): CatalogRecord | undefined {
    const key = id.toLowerCase();
    const found = this.#records[kind].find((record) => record.id.toLowerCase() === key);
    if (
      found !== undefined ||
      this.#known.campaigns !== undefined ||
      this.#known.lists !== undefined
    ) {
      return found;
    }
    if (!UUID.test(id)) return undefined;
    return kind === "campaign"
      ? campaignRecord({ id }, this.#created)
      : listRecord({ id }, this.#created, this.#organization);
  }

  /**
   * The page after `startingAfter` (an id of an earlier page) of the records whose name contains
   * `search`, case-insensitively; `next_starting_after` is set while more remain.
   */
  page(
    kind: CatalogKind,
    query: { search?: string; limit: number; startingAfter?: string },
  ): CatalogPage {
    const needle = query.search?.toLowerCase() ?? "";
    const matching = this.#records[kind].filter((record) =>
      record.name.toLowerCase().includes(needle),
    );
    const after = query.startingAfter?.toLowerCase();
    const start =
      after === undefined
        ? 0
        : matching.findIndex((record) => record.id.toLowerCase() === after) + 1;
    // An unknown cursor has nothing after it.
    const items =
      start === 0 && after !== undefined ? [] : matching.slice(start, start + query.limit);
    const last = items.at(-1);
    const more = start + items.length < matching.length;
    return more && last !== undefined ? { items, next_starting_after: last.id } : { items };
  }
}

function campaignRecord(campaign: FakeCampaign, created: string): GetCampaignResponse {
  return {
    id: campaign.id,
    name: campaign.name ?? `Campaign ${campaign.id}`,
    status: campaign.status ?? ACTIVE,
    campaign_schedule: {
      schedules: [
        {
          name: "Weekdays",
          timing: { from: "09:00", to: "17:00" },
          days: { "1": true, "2": true, "3": true, "4": true, "5": true },
          timezone: SCHEDULE_TIMEZONE,
        },
      ],
    },
    timestamp_created: created,
    timestamp_updated: created,
  };
}

function listRecord(list: FakeList, created: string, organization: string): GetLeadListResponse {
  return {
    id: list.id,
    organization_id: organization,
    name: list.name ?? `List ${list.id}`,
    has_enrichment_task: false,
    owned_by: null,
    timestamp_created: created,
  };
}

import { describe, expect, it } from "vitest";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_RATE_LIMIT_PATIENCE_MS,
  planImport,
} from "../../src/leads/import-options.js";
import type { LeadTarget } from "../../src/spec/lead-target.js";
import { InstantlyValidationError } from "../../src/leads/errors.js";
import { CAMPAIGN_ID, LIST_ID, MAX_ITEMS, OTHER_ID } from "./support/spec-ids.js";

describe("planImport", () => {
  it("defaults batchSize to the spec's maxItems, concurrency to auto and 429 patience to 10 minutes", () => {
    expect(planImport({ campaign_id: CAMPAIGN_ID }, {})).toEqual({
      kind: "campaign",
      base: { campaign_id: CAMPAIGN_ID },
      batchSize: MAX_ITEMS,
      concurrency: DEFAULT_CONCURRENCY,
      rateLimitPatienceMs: DEFAULT_RATE_LIMIT_PATIENCE_MS,
      abortGraceMs: 0,
    });
    expect(DEFAULT_CONCURRENCY).toBe("auto");
    expect(DEFAULT_RATE_LIMIT_PATIENCE_MS).toBe(600_000);
    const plan = planImport({ campaign_id: CAMPAIGN_ID }, { rateLimitPatienceMs: 0 });
    expect(plan.rateLimitPatienceMs).toBe(0);
  });

  it("puts the body options the spec defines into every request, and nothing else", () => {
    const plan = planImport(
      { list_id: LIST_ID },
      {
        skip_if_in_workspace: true,
        skip_if_in_campaign: false,
        skip_if_in_list: true,
        blocklist_id: null,
        assigned_to: OTHER_ID,
        verify_leads_on_import: true,
        batchSize: 10,
        concurrency: 2,
        onProgress: () => {},
      },
    );
    expect(plan.base).toEqual({
      list_id: LIST_ID,
      skip_if_in_workspace: true,
      skip_if_in_campaign: false,
      skip_if_in_list: true,
      blocklist_id: null,
      assigned_to: OTHER_ID,
      verify_leads_on_import: true,
    });
    expect(plan).toMatchObject({ kind: "list", batchSize: 10, concurrency: 2 });
  });

  it.each<[string, unknown, object, Array<{ field: string; message: string }>]>([
    [
      "batchSize above the spec's maxItems",
      { campaign_id: CAMPAIGN_ID },
      { batchSize: MAX_ITEMS + 1 },
      [
        {
          field: "batchSize",
          message: `must be an integer from 1 to ${MAX_ITEMS}, got ${MAX_ITEMS + 1}`,
        },
      ],
    ],
    [
      "batchSize 0",
      { campaign_id: CAMPAIGN_ID },
      { batchSize: 0 },
      [{ field: "batchSize", message: `must be an integer from 1 to ${MAX_ITEMS}, got 0` }],
    ],
    [
      "a fractional batchSize",
      { campaign_id: CAMPAIGN_ID },
      { batchSize: 2.5 },
      [{ field: "batchSize", message: `must be an integer from 1 to ${MAX_ITEMS}, got 2.5` }],
    ],
    [
      "concurrency 0",
      { campaign_id: CAMPAIGN_ID },
      { concurrency: 0 },
      [{ field: "concurrency", message: 'must be "auto" or an integer at least 1, got 0' }],
    ],
    [
      "a negative rateLimitPatienceMs",
      { campaign_id: CAMPAIGN_ID },
      { rateLimitPatienceMs: -1 },
      [{ field: "rateLimitPatienceMs", message: "must be an integer at least 0, got -1" }],
    ],
    [
      "both targets",
      { campaign_id: CAMPAIGN_ID, list_id: LIST_ID },
      {},
      [{ field: "list_id", message: "give campaign_id or list_id, not both" }],
    ],
    ["no target", {}, {}, [{ field: "campaign_id", message: "give campaign_id or list_id" }]],
    [
      "a malformed target id",
      { list_id: "list-1" },
      {},
      [{ field: "list_id", message: "must be a valid uuid" }],
    ],
    [
      "a body option of the wrong type",
      { campaign_id: CAMPAIGN_ID },
      { assigned_to: "bob" },
      [{ field: "assigned_to", message: "must be a valid uuid" }],
    ],
  ])("throws InstantlyValidationError for %s", (_name, target, options, expected) => {
    const plan = () => planImport(target as LeadTarget, options);
    expect(plan).toThrow(InstantlyValidationError);
    try {
      plan();
    } catch (error) {
      expect((error as InstantlyValidationError).issues).toEqual(
        expected.map((issue) => ({ index: -1, ...issue })),
      );
    }
  });
});

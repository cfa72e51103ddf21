import { describe, expect, it } from "vitest";
import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import { deviatedReply } from "../../src/testing/deviations.js";
import type { FakeResponseDeviations } from "../../src/testing/fake-instantly.js";

const response: BulkAddLeadsResponse = {
  status: "success",
  total_sent: 3,
  leads_uploaded: 2,
  in_blocklist: 1,
  blocklist_used: null,
  duplicated_leads: 0,
  skipped_count: 0,
  invalid_email_count: 0,
  incomplete_count: 0,
  duplicate_email_count: 0,
  remaining_in_plan: 9,
  created_leads: [
    { index: 0, id: "a", email: "a@x.example" },
    { index: 2, id: "c", email: "c@x.example" },
  ],
};

describe("deviatedReply", () => {
  it("answers the spec's body unchanged without deviations", () => {
    expect(deviatedReply(response, undefined)).toMatchObject({ status: 200 });
    expect(JSON.parse(deviatedReply(response, undefined).body)).toEqual(response);
  });

  it.each<[string, FakeResponseDeviations, Record<string, unknown>]>([
    ["omitted counters", { omitCounters: ["in_blocklist"] }, { in_blocklist: undefined }],
    ["another status", { status: "queued" }, { status: "queued" }],
    ["another total_sent", { totalSent: 10 }, { total_sent: 10 }],
    [
      "created leads without index",
      { createdIndex: "omit" },
      {
        created_leads: [
          { id: "a", email: "a@x.example" },
          { id: "c", email: "c@x.example" },
        ],
      },
    ],
    [
      "created leads at one index",
      { createdIndex: "duplicate" },
      {
        created_leads: [
          { index: 0, id: "a", email: "a@x.example" },
          { index: 0, id: "c", email: "c@x.example" },
        ],
      },
    ],
    [
      "created leads outside the batch",
      { createdIndex: "out-of-range" },
      {
        created_leads: [
          { index: 3, id: "a", email: "a@x.example" },
          { index: 5, id: "c", email: "c@x.example" },
        ],
      },
    ],
    [
      "created leads tied to nothing",
      { createdIndex: "unmapped" },
      {
        created_leads: [
          { index: 3, id: "a", email: null },
          { index: 5, id: "c", email: null },
        ],
      },
    ],
  ])("departs from the spec with %s, the rest as documented", (_name, deviations, changed) => {
    const reply = deviatedReply(response, deviations);
    expect(reply.status).toBe(200);
    const expected = JSON.parse(JSON.stringify({ ...response, ...changed })) as unknown;
    expect(JSON.parse(reply.body)).toEqual(expected);
  });

  it("answers 200 with a body that is not JSON", () => {
    expect(deviatedReply(response, { nonJsonBody: "OK" })).toEqual({
      status: 200,
      contentType: "text/plain; charset=utf-8",
      body: "OK",
    });
  });
});

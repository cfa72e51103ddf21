import { describe, expectTypeOf, it } from "vitest";
import type { BulkAddLeadsResponse } from "../../generated/client.gen.js";
import type { ResponseAnomaly } from "../../src/leads/anomalies.js";
import type { InstantlyClient } from "../../src/client/client-types.js";
import { addLeads } from "../../src/leads/add-leads.js";
import { importLeads } from "../../src/leads/import-leads.js";
import type { ImportReport } from "../../src/leads/import-report.js";
import type { LeadTarget } from "../../src/spec/lead-target.js";
import type { AddLeadsBody } from "../../src/leads/add-leads-body.js";

declare const client: InstantlyClient;
const campaign_id = "019e0e3e-b690-71a9-b399-fbf49894dded";
const list_id = "019e0e3e-b690-71a9-b399-fbf55d2134c0";

describe("addLeads types", () => {
  it("returns the generated 200 body with its anomalies", () => {
    expectTypeOf(
      addLeads(client, { campaign_id, leads: [{ email: "a@x.example" }] }),
    ).toEqualTypeOf<Promise<BulkAddLeadsResponse & { anomalies: ResponseAnomaly[] }>>();
  });

  it("accepts exactly one target", () => {
    expectTypeOf({ campaign_id, leads: [{ email: "a@x.example" }] }).toExtend<AddLeadsBody>();
    expectTypeOf({ list_id, leads: [{ first_name: "Ada" }] }).toExtend<AddLeadsBody>();
    // @ts-expect-error -- both targets
    void addLeads(client, { campaign_id, list_id, leads: [{ email: "a@x.example" }] });
    // @ts-expect-error -- neither target
    void addLeads(client, { leads: [{ email: "a@x.example" }] });
  });

  it("requires an email for a campaign lead but not for a list lead", () => {
    // @ts-expect-error -- a campaign lead needs `email`
    void addLeads(client, { campaign_id, leads: [{ first_name: "Ada" }] });
    // @ts-expect-error -- a campaign lead's email cannot be null
    void addLeads(client, { campaign_id, leads: [{ email: null }] });
    void addLeads(client, { list_id, leads: [{ first_name: "Ada" }] });
  });

  it("keeps the spec's field types and body options", () => {
    void addLeads(client, { list_id, leads: [{ email: "a@x.example" }], skip_if_in_list: true });
    // @ts-expect-error -- lt_interest_status is one of the spec's values
    void addLeads(client, { list_id, leads: [{ email: "a@x.example", lt_interest_status: 7 }] });
    // @ts-expect-error -- unknown lead property
    void addLeads(client, { list_id, leads: [{ emial: "a@x.example" }] });
  });
});

describe("importLeads types", () => {
  it("takes one target, any iterable, and returns the report", () => {
    expectTypeOf(importLeads(client, { campaign_id }, [])).toEqualTypeOf<Promise<ImportReport>>();
    void importLeads(client, { list_id }, new Set([{}]), { batchSize: 10, skip_if_in_list: true });
    // @ts-expect-error -- both targets
    void importLeads(client, { campaign_id, list_id }, []);
    // @ts-expect-error -- neither target
    void importLeads(client, {}, []);
    expectTypeOf<{ campaign_id: string }>().toExtend<LeadTarget>();
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getCampaignSpec } from "../../generated/constraints.gen.js";
import { NOT_CONTACTING_STATUSES } from "../../src/targets/campaign-status.js";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import type { FakeCampaign } from "../../src/testing/fake-instantly.js";
import { uuids } from "../targets/support.js";
import { runMain, tempFolder } from "./support/run-cli.js";

const KEY = "choose-target-key-0123";
const STATUS = getCampaignSpec.enums["responses.200.status"];
const label = (status: number) => STATUS.labels[String(status) as keyof typeof STATUS.labels];
const [Q4, TWIN_A, TWIN_B, LIST, PAUSED] = uuids(5) as [string, string, string, string, string];
const campaigns: FakeCampaign[] = [
  { id: Q4, name: "Q4 outreach", status: STATUS.values[4] },
  { id: TWIN_A, name: "Twin" },
  { id: TWIN_B, name: "Twin" },
];

let folder: Awaited<ReturnType<typeof tempFolder>>;
let csv: string;
let fake: FakeInstantly | undefined;
beforeAll(async () => {
  folder = await tempFolder();
  csv = await folder.file("leads.csv", "Email\nann@x.example\nbob@x.example\n");
});
afterAll(() => folder.remove());
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function run(args: string[], extra: FakeCampaign[] = [], apiKey = KEY) {
  fake = await startFakeInstantly({
    apiKey: KEY,
    rateLimit: false,
    campaigns: [...campaigns, ...extra],
    lists: [{ id: LIST, name: "VIPs" }],
  });
  const result = await runMain([...args, "--base-url", fake.url], { INSTANTLY_API_KEY: apiKey });
  return { ...result, posts: fake.state.requests, leads: fake.state.leads };
}

describe("import --campaign / --list", () => {
  it("resolves a campaign by name, prints the plan line and imports into its id", async () => {
    const result = await run(["import", csv, "--campaign", "Q4 outreach"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `Target: campaign 'Q4 outreach' (${label(STATUS.values[4])}), id ${Q4}`,
    );
    expect(result.leads.map((lead) => lead.target)).toEqual([
      { campaign_id: Q4 },
      { campaign_id: Q4 },
    ]);
  });

  it("resolves a list by name and by id", async () => {
    for (const value of ["VIPs", LIST]) {
      const result = await run(["import", csv, "--list", value]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`Target: list 'VIPs', id ${LIST}`);
      expect(result.leads).toHaveLength(2);
      await fake?.close();
    }
  });

  it("checks a --campaign-id before reading: the plan line names it", async () => {
    const result = await run(["import", csv, "--campaign-id", Q4]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Target: campaign 'Q4 outreach'");
  });

  // A missing input file shows that nothing was opened: the target is refused first.
  it.each([
    [
      "an unknown name",
      ["--campaign", "Q5 outreach"],
      KEY,
      /no campaign named or with the id 'Q5 outreach'[^]*campaigns --search/,
    ],
    [
      "an ambiguous name",
      ["--campaign", "Twin"],
      KEY,
      new RegExp(`2 campaigns are named 'Twin'[^]*${TWIN_A}[^]*${TWIN_B}`),
    ],
    ["an unknown id", ["--list-id", Q4], KEY, /no list named or with the id/],
    [
      "a wrong key (401)",
      ["--campaign-id", Q4],
      "wrong-key-000000",
      /Instantly API 401[^]*check the key/,
    ],
    ["a wrong key, target by name", ["--list", "VIPs"], "wrong-key-000000", /401/],
  ])(
    "refuses %s with exit 2 before reading the input, no POST",
    async (_name, target, key, message) => {
      const result = await run(["import", `${folder.path}/missing.csv`, ...target], [], key);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/missing\.csv/);
      expect(result.posts).toBe(0);
    },
  );

  it("without preflight, an unknown id is found only by the first POST", async () => {
    const result = await run(["import", csv, "--list-id", Q4, "--no-preflight"]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(/refused the import/);
    expect(result.posts).toBe(1);
  });

  it("--require-active needs the preflight", async () => {
    const result = await run([
      "import",
      csv,
      "--campaign-id",
      Q4,
      "--no-preflight",
      "--require-active",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--require-active needs the campaign's status/);
  });

  it("takes the statuses that warn from the spec: draft, paused, suspended, unhealthy, bounce protect", () => {
    expect(NOT_CONTACTING_STATUSES.map(label).sort()).toEqual([
      "Account Suspended",
      "Accounts Unhealthy",
      "Bounce Protect",
      "Draft",
      "Paused",
    ]);
  });

  it.each(NOT_CONTACTING_STATUSES.map((status) => [label(status), status] as const))(
    "warns about a %s campaign and imports; --require-active exits 2 with no POST",
    async (name, status) => {
      const extra = [{ id: PAUSED, name: "Idle", status }];
      const warned = await run(["import", csv, "--campaign", "Idle"], extra);
      expect(warned.code).toBe(0);
      expect(warned.stderr).toContain(
        `warning: campaign 'Idle' (${name}) will not contact the leads added to it until it is active`,
      );
      expect(warned.posts).toBe(1);
      await fake?.close();
      const refused = await run(["import", csv, "--campaign", "Idle", "--require-active"], extra);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`error: campaign 'Idle' (${name}) will not contact`);
      expect(refused.posts).toBe(0);
    },
  );

  it.each(STATUS.values.filter((status) => !NOT_CONTACTING_STATUSES.includes(status)))(
    "does not warn about status %s, even with --require-active",
    async (status) => {
      const extra = [{ id: PAUSED, name: "Busy", status }];
      const result = await run(["import", csv, "--campaign", "Busy", "--require-active"], extra);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/warning|error/);
    },
  );

  it("a dry run looks a name up (read-only) and sends nothing", async () => {
    const result = await run(["import", csv, "--campaign", "Q4 outreach", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Target: campaign 'Q4 outreach'");
    expect(result.stdout).toContain(`for campaign_id ${Q4}: nothing was sent`);
    expect(result.posts).toBe(0);
  });

  it("--quiet leaves out the plan line but not the warning", async () => {
    const extra = [{ id: PAUSED, name: "Idle", status: NOT_CONTACTING_STATUSES[0] }];
    const result = await run(["import", csv, "--campaign", "Idle", "--quiet"], extra);
    expect(result.stderr).not.toContain("Target:");
    expect(result.stderr).toContain("warning:");
  });
});

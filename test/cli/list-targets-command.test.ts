import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { getCampaignSpec } from "../../generated/constraints.gen.js";
import { main } from "../../src/cli/main.js";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import { uuids } from "../targets/support.js";

const KEY = "list-targets-key-0123";
const STATUS = getCampaignSpec.enums["responses.200.status"];
const ids = uuids(23);
// More than two of the fake's default pages of 10.
const campaigns = ids.map((id, i) => ({
  id,
  name: i === 0 ? "Q4 outreach" : `Campaign number ${i}`,
  status: STATUS.values[i % STATUS.values.length],
}));

let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Runs the CLI in-process; `tty` makes stdout a terminal. */
async function run(args: string[], options: { tty?: boolean; key?: string } = {}) {
  fake ??= await startFakeInstantly({
    apiKey: KEY,
    rateLimit: false,
    campaigns,
    lists: [
      { id: ids[0] as string, name: "VIPs" },
      { id: ids[1] as string, name: "Cold" },
    ],
  });
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const stdin = new PassThrough();
  stdin.end();
  const env = { INSTANTLY_API_KEY: options.key ?? KEY, NO_COLOR: "1" };
  const code = await main([...args, "--base-url", fake.url], { stdin, stdout, stderr, env });
  return { code, stdout: out, stderr: err };
}

const label = (status: number) => STATUS.labels[String(status) as keyof typeof STATUS.labels];

describe("instantly-client campaigns", () => {
  it("prints every campaign across pages as a table on a terminal", async () => {
    const { code, stdout } = await run(["campaigns"], { tty: true });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID {36}NAME {16}STATUS$/);
    expect(lines).toHaveLength(1 + campaigns.length + 1);
    expect(lines[1]).toBe(
      `${ids[0]}  Q4 outreach${" ".repeat(7)}  ${label(campaigns[0]!.status!)}`,
    );
    expect(lines.at(-1)).toBe("23 campaigns");
  });

  it("prints tab-separated lines when stdout is not a terminal", async () => {
    const { stdout } = await run(["campaigns", "--search", "q4"]);
    expect(stdout).toBe(`${ids[0]}\tQ4 outreach\t${label(campaigns[0]!.status!)}\n`);
  });

  it("prints a JSON array with --json, every page", async () => {
    const { code, stdout } = await run(["campaigns", "--json"], { tty: true });
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row.id)).toEqual(ids);
    expect(rows[1]).toEqual({
      id: ids[1],
      name: "Campaign number 1",
      status: campaigns[1]!.status,
      status_label: label(campaigns[1]!.status!),
    });
  });

  it("says so when nothing matches", async () => {
    const { code, stdout } = await run(["campaigns", "--search", "nothing"], { tty: true });
    expect(code).toBe(0);
    expect(stdout).toBe("no campaigns\n");
  });

  it("exits 2 on a wrong key, with a hint", async () => {
    const { code, stderr } = await run(["campaigns"], { key: "wrong-key-00000000" });
    expect(code).toBe(2);
    expect(stderr).toMatch(/could not list the campaigns: Instantly API 401[^]*check the key/);
  });
});

describe("instantly-client lists", () => {
  it("keeps the columns of a name with a tab or newline; --json keeps it exact", async () => {
    fake = await startFakeInstantly({
      apiKey: KEY,
      rateLimit: false,
      lists: [{ id: ids[2] as string, name: "A\tB\nC" }],
    });
    expect((await run(["lists"])).stdout).toBe(`${ids[2]}\tA B C\n`);
    expect(JSON.parse((await run(["lists", "--json"])).stdout)).toEqual([
      { id: ids[2], name: "A\tB\nC" },
    ]);
  });

  it("prints id and name as a table, and as JSON", async () => {
    const table = await run(["lists"], { tty: true });
    expect(table.stdout).toBe(
      [
        "ID                                    NAME",
        `${ids[0]}  VIPs`,
        `${ids[1]}  Cold`,
        "2 lead lists",
        "",
      ].join("\n"),
    );
    const json = await run(["lists", "--json", "--search", "vip"]);
    expect(JSON.parse(json.stdout)).toEqual([{ id: ids[0], name: "VIPs" }]);
  });
});

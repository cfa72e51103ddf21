import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addImportOptions, flagOf, parseImportCommand } from "../../src/cli/options.js";
import { CAMPAIGN } from "./support/run-cli.js";

function parse(args: string[], env: Record<string, string> = {}) {
  const command = addImportOptions(new Command("import").exitOverride());
  command.parse(args, { from: "user" });
  return parseImportCommand("leads.csv", command, env);
}

describe("parseImportCommand", () => {
  it("turns the spec's request flags into body fields and keeps the rest apart", () => {
    const parsed = parse([
      "--list-id",
      CAMPAIGN,
      "--skip-if-in-workspace",
      "--verify-leads-on-import",
      "--blocklist-id",
      CAMPAIGN,
      "--batch-size",
      "250",
      "--concurrency",
      "3",
    ]);
    expect(parsed.target).toEqual({ list_id: CAMPAIGN });
    expect(parsed.body).toEqual({
      skip_if_in_workspace: true,
      verify_leads_on_import: true,
      blocklist_id: CAMPAIGN,
    });
    expect(parsed).toMatchObject({ batchSize: 250, concurrency: 3, dryRun: false, quiet: false });
  });

  it("turns --resolve-existing on, off by default", () => {
    expect(parse(["--campaign-id", CAMPAIGN]).resolveExisting).toBe(false);
    expect(parse(["--campaign-id", CAMPAIGN, "--resolve-existing"]).resolveExisting).toBe(true);
  });

  it.each([
    [[], {}, true],
    [["--no-color"], {}, false],
    [[], { NO_COLOR: "1" }, false],
    [[], { NO_COLOR: "" }, true],
  ])("colour with %j and env %j is %s", (args, env, color) => {
    expect(parse(["--campaign-id", CAMPAIGN, ...args], env).color).toBe(color);
  });

  it.each([
    ["tab", "\t"],
    ["\\t", "\t"],
    [";", ";"],
  ])("reads --delimiter %j as %j", (value, delimiter) => {
    expect(parse(["--campaign-id", CAMPAIGN, "--delimiter", value]).input.delimiter).toBe(
      delimiter,
    );
  });
});

describe("flagOf", () => {
  it.each([
    ["skip_if_in_list", "--skip-if-in-list"],
    ["campaign_id", "--campaign-id"],
  ])("names %s %s", (field, flag) => {
    expect(flagOf(field)).toBe(flag);
  });
});

import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addImportOptions, flagOf, parseImportCommand } from "../../src/cli/options.js";
import { CliUsageError } from "../../src/cli/errors.js";
import { CAMPAIGN, tempFolder } from "./support/run-cli.js";

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

  it.each([
    [[], undefined],
    [["--concurrency", "auto"], "auto"],
    [["--concurrency", "AUTO"], "auto"],
    [["--concurrency", "12"], 12],
  ])("takes --concurrency %j as %j (undefined: importLeads' default, auto)", (args, value) => {
    expect(parse(["--campaign-id", CAMPAIGN, ...args]).concurrency).toBe(value);
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

  it("reads --max-record-bytes and --no-split-name into the input spec", () => {
    const defaults = parse(["--campaign-id", CAMPAIGN]).input;
    expect(defaults.maxRecordBytes).toBeUndefined();
    expect(defaults.mapping?.splitName).toBe(true);
    const given = parse([
      "--campaign-id",
      CAMPAIGN,
      "--max-record-bytes",
      "4096",
      "--no-split-name",
    ]).input;
    expect(given.maxRecordBytes).toBe(4096);
    expect(given.mapping?.splitName).toBe(false);
    expect(() => parse(["--campaign-id", CAMPAIGN, "--max-record-bytes", "0"])).toThrow(
      /expected a whole number at least 1/,
    );
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

describe("the input flags", () => {
  it("has defaults: all custom variables, the pre-pass on, email required for a campaign only", () => {
    expect(parse(["--campaign-id", CAMPAIGN]).input).toMatchObject({
      precheck: true,
      emailRequired: true,
      mapping: { map: [], customVariables: "all" },
    });
    expect(parse(["--list-id", CAMPAIGN]).input.emailRequired).toBe(false);
  });

  it("collects --map-file entries, then each --map, and the other input flags", async () => {
    const folder = await tempFolder();
    try {
      const file = await folder.file("map.json", '{"Contact": "email", "Notes": "-"}');
      const input = parse([
        "--campaign-id",
        CAMPAIGN,
        "--map-file",
        file,
        "--map",
        "Who=first_name",
        "--map",
        "a=b=custom_variables.x",
        "--custom-variables",
        "mapped",
        "--encoding",
        "Windows-1252",
        "--sheet",
        "Leads",
        "--no-precheck",
      ]).input;
      expect(input).toMatchObject({
        mapping: {
          map: [
            ["Contact", "email"],
            ["Notes", "-"],
            ["Who", "first_name"],
            ["a=b", "custom_variables.x"],
          ],
          customVariables: "mapped",
        },
        encoding: "windows-1252",
        sheet: "Leads",
        precheck: false,
      });
    } finally {
      await folder.remove();
    }
  });

  it.each([
    [["--map", "Email"], /expected "Header=field"/],
    [["--map", "Email="], /expected "Header=field"/],
    [["--custom-variables", "some"], /Allowed choices are all, mapped, none/],
    [["--concurrency", "fast"], /expected "auto" or a whole number at least 1/],
    [["--concurrency", "0"], /expected "auto" or a whole number at least 1/],
  ])("refuses %j", (args, message) => {
    expect(() => parse(["--campaign-id", CAMPAIGN, ...args])).toThrow(message);
  });

  it.each([
    [["--encoding", "klingon"], /--encoding klingon: unknown encoding/],
    [["--map-file", "/nonexistent/map.json"], /--map-file \/nonexistent\/map.json: ENOENT/],
  ])("refuses %j as a usage error", (args, message) => {
    expect(() => parse(["--campaign-id", CAMPAIGN, ...args])).toThrow(CliUsageError);
    expect(() => parse(["--campaign-id", CAMPAIGN, ...args])).toThrow(message);
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

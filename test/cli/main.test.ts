import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import packageJson from "../../package.json" with { type: "json" };
import { CAMPAIGN, runMain, tempFolder } from "./support/run-cli.js";

const CANARY = "canary-key-0f9e8d7c6b5a";
let folder: Awaited<ReturnType<typeof tempFolder>>;
let csv: string;
let badHeader: string;
beforeAll(async () => {
  folder = await tempFolder();
  csv = await folder.file("leads.csv", "Email\na@x.example\n");
  badHeader = await folder.file("bad-header.csv", "Email,\na@x.example,b@x.example\n");
  await folder.file("leads.docx", "Email\na@x.example\n");
  await folder.file("empty-key", "  \n");
});
afterAll(() => folder.remove());

const target = ["--campaign-id", CAMPAIGN];
const key = { INSTANTLY_API_KEY: CANARY };

describe("usage and configuration errors exit 2 with a reason and a usage hint", () => {
  it.each<[string, () => string[], Record<string, string>, RegExp]>([
    ["no command", () => [], key, /Usage: instantly-client/],
    ["no file", () => ["import", ...target], key, /missing required argument 'file'/],
    [
      "no target",
      () => ["import", csv],
      key,
      /exactly one of --campaign-id, --list-id, --campaign, --list/,
    ],
    [
      "two targets",
      () => ["import", csv, ...target, "--list-id", CAMPAIGN],
      key,
      /exactly one of --campaign-id, --list-id, --campaign, --list/,
    ],
    ["a bad uuid", () => ["import", csv, "--campaign-id", "abc"], key, /--campaign-id: .*uuid/],
    [
      "a bad blocklist uuid",
      () => ["import", csv, ...target, "--blocklist-id", "x"],
      key,
      /--blocklist-id: .*uuid/,
    ],
    [
      "an unknown option",
      () => ["import", csv, ...target, "--fast"],
      key,
      /unknown option '--fast'/,
    ],
    [
      "a batch size over the spec's limit",
      () => [
        "import",
        csv,
        ...target,
        "--batch-size",
        String(bulkAddLeadsSpec.arrays.leads.maxItems + 1),
      ],
      key,
      /--batch-size.*expected a whole number 1 to 1000/,
    ],
    [
      "a zero batch size",
      () => ["import", csv, ...target, "--batch-size", "0"],
      key,
      /--batch-size/,
    ],
    [
      "a zero concurrency",
      () => ["import", csv, ...target, "--concurrency", "0"],
      key,
      /--concurrency/,
    ],
    [
      "a fractional timeout",
      () => ["import", csv, ...target, "--timeout-ms", "1.5"],
      key,
      /--timeout-ms/,
    ],
    ["an unknown format", () => ["import", csv, ...target, "--format", "xml"], key, /--format/],
    ["a long delimiter", () => ["import", csv, ...target, "--delimiter", ";;"], key, /--delimiter/],
    [
      "a bad base URL",
      () => ["import", csv, ...target, "--base-url", "nope"],
      key,
      /--base-url nope is not a URL/,
    ],
    [
      "a journal for stdin",
      () => ["import", "-", ...target, "--journal", "j"],
      key,
      /--journal needs an input file/,
    ],
    ["no API key", () => ["import", csv, ...target], {}, /no API key: set INSTANTLY_API_KEY/],
    [
      "an empty key file",
      () => ["import", csv, ...target, "--api-key-file", `${folder.path}/empty-key`],
      {},
      /--api-key-file .* is empty/,
    ],
    [
      "a missing key file",
      () => ["import", csv, ...target, "--api-key-file", `${folder.path}/nokey`],
      {},
      /--api-key-file .*cannot read it \(ENOENT\)/,
    ],
    [
      "an unknown extension",
      () => ["import", `${folder.path}/leads.docx`, ...target, "--no-preflight"],
      key,
      /pass --format csv\|jsonl\|xlsx/,
    ],
    [
      "a missing input",
      () => ["import", `${folder.path}/none.csv`, ...target, "--no-preflight"],
      key,
      /none.csv: cannot read the input/,
    ],
    [
      "a bad header",
      () => ["import", badHeader, ...target, "--no-preflight"],
      key,
      /bad-header.csv line 1: bad header: column 2 has an empty header/,
    ],
  ])("%s", async (_name, args, env, message) => {
    const result = await runMain(args(), env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/--help/);
  });

  it.each([["--api-key", CANARY], [`--api-key=${CANARY}`]])(
    "refuses %s and says why, without echoing the key",
    async (...flag) => {
      const result = await runMain(["import", csv, ...target, ...flag], key);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--api-key is not accepted: .*shows in ps/);
      expect(result.stdout + result.stderr).not.toContain(CANARY);
    },
  );
});

describe("help and version", () => {
  it("prints the version of the package", async () => {
    const result = await runMain(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
  });

  it("documents every request option of the spec as a flag", async () => {
    const result = await runMain(["import", "--help"]);
    expect(result.code).toBe(0);
    const options = bulkAddLeadsSpec.requestBody.properties.filter((name) => name !== "leads");
    for (const option of options)
      expect(result.stdout).toContain(`--${option.replaceAll("_", "-")}`);
    expect(result.stdout).not.toMatch(/--api-key /);
    expect(result.stdout).toContain("--api-key-file");
  });
});

import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSpecPr } from "../../codegen/drift/spec-pr.js";
import { capture, historyText, type Json } from "./fixtures.js";

const SPEC_DIR = new URL("../../spec/", import.meta.url);

/**
 * A temporary copy of the repository's spec and pin, and an upstream file made from the spec by
 * `mutate`: what the workflow's script sees when upstream changed.
 */
async function repository(mutate: (doc: Json) => void) {
  const dir = await mkdtemp(join(tmpdir(), "spec-pr-"));
  await copyFile(new URL("instantly-api-v2.json", SPEC_DIR), join(dir, "instantly-api-v2.json"));
  await copyFile(new URL("pin.json", SPEC_DIR), join(dir, "pin.json"));
  const upstream = JSON.parse(await readFile(join(dir, "instantly-api-v2.json"), "utf8"));
  mutate(upstream);
  await writeFile(join(dir, "upstream.json"), JSON.stringify(upstream));
  return dir;
}

let dir = "";
afterEach(() => rm(dir, { recursive: true, force: true }));

async function decide(mutate: (doc: Json) => void, testCommand = 'node -e "console.log(42)"') {
  dir = await repository(mutate);
  const before = await readFile(join(dir, "instantly-api-v2.json"), "utf8");
  const { io, output } = capture();
  const args = [
    ...["--upstream", join(dir, "upstream.json"), "--pin", join(dir, "pin.json")],
    ...["--out", join(dir, "generated"), "--body", join(dir, "body.md")],
    ...["--github-output", join(dir, "outputs"), "--test-command", testCommand],
  ];
  const code = await runSpecPr(args, output, dir, {});
  const read = (name: string) => readFile(join(dir, name), "utf8").catch(() => undefined);
  return {
    code,
    io,
    specChanged: (await read("instantly-api-v2.json")) !== before,
    outputs: await read("outputs"),
    body: await read("body.md"),
    files: await readdir(dir),
    read,
  };
}

const campaignSchema = (doc: Json) => doc.components.schemas.Campaign;

describe("spec:pr, the drift workflow's script", () => {
  it("on contract drift: updates spec, pin and generated code, runs the tests, writes the body", async () => {
    const result = await decide((doc) => {
      campaignSchema(doc).required = campaignSchema(doc).required.filter(
        (name: string) => name !== "status",
      );
    });
    expect(result.code).toBe(0);
    expect(result.specChanged).toBe(true);
    const spec = JSON.parse((await result.read("instantly-api-v2.json")) ?? "");
    expect(campaignSchema(spec).required).not.toContain("status");
    const pin = JSON.parse((await result.read("pin.json")) ?? "");
    expect(pin.source).toMatch(/from the file .*upstream\.json/);
    expect(await readdir(join(dir, "generated"))).toEqual(
      expect.arrayContaining(["client.gen.ts", "constraints.gen.ts", "schema.gen.ts"]),
    );
    expect(result.outputs).toBe(
      "pull-request=true\n" +
        "title=Spec update: 2 breaking, 0 non-breaking change(s) upstream\n" +
        `body-path=${join(dir, "body.md")}\n`,
    );
    expect(result.body).toContain("## Spec drift:");
    expect(result.body).toContain("response-property-became-optional");
    expect(result.body).toMatch(/\nwrote .*pin\.json\nregenerated 3 file\(s\)/);
    expect(result.body).toMatch(/## `node -e "console.log\(42\)"`\n\n\*\*Passed\.\*\*[^]*\n42\n/);
    expect(result.io.stdout).toMatch(/Pull request: Spec update: .*; tests passed/);
  });

  it("says in the body when the tests fail, and still proposes the update", async () => {
    const result = await decide(
      (doc) => void campaignSchema(doc).properties.status.enum.push(5),
      "node -e \"console.error('1 test failed'); process.exit(3)\"",
    );
    expect(result.code).toBe(0);
    expect(result.outputs).toMatch(
      /^pull-request=true\ntitle=Spec update: 0 breaking, 2 non-breaking/,
    );
    expect(result.body).toMatch(/\*\*Failed \(exit 3\)\.\*\*[^]*1 test failed/);
  });

  it.each<[string, (doc: Json) => void]>([
    ["no change", () => {}],
    [
      "documentation changes only",
      (doc) => void (campaignSchema(doc).properties.name.description = "The campaign's name"),
    ],
  ])("on %s: no pull request, nothing written", async (why, mutate) => {
    const result = await decide(mutate);
    expect(result.code).toBe(0);
    expect(result.outputs).toBe("pull-request=false\n");
    expect(result.specChanged).toBe(false);
    expect(result.body).toBeUndefined();
    expect(result.files).not.toContain("generated");
    expect(result.io.stdout).toContain(
      `No pull request: ${why === "no change" ? "no drift" : why}.`,
    );
  });

  it("exits 2 without deciding when upstream is not OpenAPI", async () => {
    dir = await repository(() => {});
    await writeFile(join(dir, "upstream.json"), "<html>maintenance</html>");
    const { io, output } = capture();
    const code = await runSpecPr(
      ["--upstream", join(dir, "upstream.json"), "--pin", join(dir, "pin.json")],
      output,
      dir,
      {},
    );
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/not JSON|OpenAPI/);
    expect(await readdir(dir)).toEqual(["instantly-api-v2.json", "pin.json", "upstream.json"]);
  });

  it.each([
    ["counts changes to examples per operation", [], 0],
    ["lists changes to examples with --verbose", ["--verbose"], 1],
  ] as const)("%s in the summary and the pull request body", async (_name, extra, listed) => {
    // A real upstream copy: 184 of its changes to the pinned operations are regenerated examples.
    dir = await repository(() => {});
    await writeFile(join(dir, "upstream.json"), historyText("2026-06-12"));
    const { io, output } = capture();
    const args = [
      ...["--upstream", join(dir, "upstream.json"), "--pin", join(dir, "pin.json")],
      ...["--out", join(dir, "generated"), "--body", join(dir, "body.md"), "--no-test"],
    ];
    expect(await runSpecPr([...args, ...extra], output, dir, {})).toBe(0);
    const body = await readFile(join(dir, "body.md"), "utf8");
    const rows = (text: string) =>
      text.split("\n").filter((l) => /^\| `examples?-changed`/.test(l));
    for (const text of [io.stdout, body]) {
      expect(text).toMatch(/\| `bulkAddLeads` \| docs \| 0 \| 0 \| 21 \| 21 \|/);
      expect(text).toContain("`request-parameter-removed`");
      if (listed) expect(rows(text)).toHaveLength(184);
      else {
        expect(rows(text)).toEqual([]);
        expect(text).toContain("184 changes to examples, counted per operation above, not listed");
      }
    }
  });
});

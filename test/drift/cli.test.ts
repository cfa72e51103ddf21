import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { nodes, pinnedSpec, workspace } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

// Runs the real entry point, so exit codes are checked as the shell (and CI) sees them.
async function script(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/drift.ts", ...args],
      { cwd: ROOT },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("scripts/drift.ts", () => {
  it("exits 1 with a markdown changelog on contract drift, 0 without", async () => {
    const space = await workspace();
    try {
      const upstream = pinnedSpec();
      nodes(upstream).body.properties.leads.maxItems = 500;
      const file = join(space.dir, "upstream.json");
      await writeFile(file, JSON.stringify(upstream));
      const pinned = ["--spec", space.specPath, "--pin", space.pinPath];
      const drifted = await script([...pinned, "--upstream", file, "--markdown"]);
      expect(drifted.code).toBe(1);
      expect(drifted.stdout).toContain("### Breaking");
      expect(drifted.stdout).toMatch(
        /\| `request-property-max-items-decreased` \| bulkAddLeads POST \/api\/v2\/leads\/add \| .*1000 -> 500 \| `paths\.\/api\/v2\/leads\/add\.post\.requestBody\.content\.application\/json\.schema\.properties\.leads\.maxItems` \|/,
      );
      const same = await script([...pinned, "--upstream", space.specPath]);
      expect(same.code).toBe(0);
      expect(same.stdout).toContain("No drift");
    } finally {
      await space.remove();
    }
  });
});

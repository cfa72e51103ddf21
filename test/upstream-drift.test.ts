import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Change } from "../codegen/drift/changes.js";
import { readPin } from "../codegen/spec/pin.js";
import { runDrift } from "../codegen/drift/run.js";

// Opt-in: reaches the real upstream, so it only runs when asked to (CI schedule or by hand).
const PIN = fileURLToPath(new URL("../spec/pin.json", import.meta.url));
const explicit = process.env["INSTANTLY_SPEC_URL"];
const enabled = Boolean(explicit) || process.env["DRIFT_UPSTREAM"] === "1";

describe.skipIf(!enabled)("upstream drift (INSTANTLY_SPEC_URL or DRIFT_UPSTREAM=1)", () => {
  it("the pinned operations have the same contract upstream", { timeout: 120_000 }, async () => {
    const upstream = explicit || readPin(PIN).upstream;
    let stdout = "";
    let stderr = "";
    const exitCode = await runDrift(["--pin", PIN, "--upstream", upstream, "--json"], {
      out: (text) => void (stdout += text),
      err: (text) => void (stderr += text),
    });
    expect(stderr, `the drift check could not run against ${upstream}`).toBe("");
    const { changes } = JSON.parse(stdout) as { changes: Change[] };
    const contract = changes
      .filter((c) => c.level !== "docs")
      .map((c) => `${c.level} ${c.kind}: ${c.message} (at ${c.path})`);
    expect(contract, "upstream changed the contract; run npm run spec:update").toEqual([]);
    expect(exitCode).toBe(0);
  });
});

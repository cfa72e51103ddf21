import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatPin, pinBeside, readPin, type Pin } from "../../../codegen/spec/pin.js";
import { SpecError } from "../../../codegen/spec/spec-error.js";
import { removeTempDirs, tempDir } from "../fixture-files.js";

afterAll(removeTempDirs);

const pin: Pin = {
  upstream: "https://example.test/openapi.json",
  spec: "spec.json",
  operations: ["bulkAddLeads", "GET /api/v2/leads"],
  sha256: "0".repeat(64),
  taken: "2026-01-01",
};

describe("pin files", () => {
  it("formatPin writes what readPin reads back", async () => {
    const file = join(await tempDir(), "pin.json");
    await writeFile(file, await formatPin(pin, file));
    expect(readPin(file)).toEqual(pin);
  });

  it.each([
    { problem: "not JSON", text: "{ sha256: }", detail: "invalid JSON" },
    { problem: "without sha256", text: JSON.stringify({ ...pin, sha256: 1 }), detail: "sha256" },
    {
      problem: "with operations that are not strings",
      text: JSON.stringify({ ...pin, operations: [1] }),
      detail: "operations",
    },
  ])("readPin refuses a pin $problem, naming the file", async ({ text, detail }) => {
    const file = join(await tempDir(), "pin.json");
    await writeFile(file, text);
    const error = (() => {
      try {
        return readPin(file);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(detail);
  });

  it.each([
    { beside: "spec.json", found: true },
    { beside: "other.json", found: false },
  ])("pinBeside($beside) finds the pin only for the file it pins", async ({ beside, found }) => {
    const dir = await tempDir();
    await writeFile(join(dir, "pin.json"), await formatPin(pin, join(dir, "pin.json")));
    expect(pinBeside(join(dir, beside))).toEqual(found ? pin : undefined);
  });
});

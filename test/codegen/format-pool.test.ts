import { afterEach, describe, expect, it } from "vitest";
import { FormatPool } from "../../codegen/format-pool.js";

const OPTIONS = { parser: "babel-ts", tabWidth: 4 } as const;

let pool: FormatPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("FormatPool", () => {
  it("formats every source and answers in the sources' order, whatever finishes first", async () => {
    pool = new FormatPool(2);
    const big = Array.from({ length: 400 }, (_, i) => `type T${i}={a:${i}}`).join("\n");
    const sources = ["type A={b:1}", big, "type C  =  2"];
    const formatted = await pool.format(sources, OPTIONS);
    expect(formatted[0]).toBe("type A = { b: 1 };\n");
    expect(formatted[1]).toContain("type T399 = { a: 399 };\n");
    expect(formatted[2]).toBe("type C = 2;\n");
  });

  it("rejects with prettier's message when a source does not parse", async () => {
    pool = new FormatPool(1);
    await expect(pool.format(["type A = {"], OPTIONS)).rejects.toThrow(/'}' expected|Unexpected/);
    // The thread survives a failed job.
    expect(await pool.format(["type B=1"], OPTIONS)).toEqual(["type B = 1;\n"]);
  });

  it("rejects the jobs still waiting when it is closed", async () => {
    pool = new FormatPool(1);
    const pending = expect(pool.format(["type A = 1", "type B = 2"], OPTIONS)).rejects.toThrow(
      "the format pool was closed",
    );
    await pool.close();
    pool = undefined;
    await pending;
  });
});

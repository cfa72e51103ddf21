import { describe, expect, it } from "vitest";
import { RowWarnings } from "../../src/cli/row-warnings.js";

describe("RowWarnings", () => {
  it("gives back every finding in the order added, as { index, line, field, message }", () => {
    const warnings = new RowWarnings();
    warnings.add({ index: 0, line: 2, row: "a" }, []);
    warnings.add({ index: 3, line: 5, row: "b" }, [
      { field: "email", message: 'the API will count "b" invalid: it has no @' },
      { emailRepeats: 2 },
    ]);
    warnings.add({ index: 4, line: 7, row: "c" }, [{ emailRepeats: 5 }]);
    expect(warnings.count).toBe(3);
    expect([...warnings]).toEqual([
      { index: 3, line: 5, field: "email", message: 'the API will count "b" invalid: it has no @' },
      { index: 3, line: 5, field: "email", message: "repeats line 2" },
      { index: 4, line: 7, field: "email", message: "repeats line 5" },
    ]);
  });

  it("keeps every warning through its growth", () => {
    const warnings = new RowWarnings();
    const count = 5000;
    for (let index = 0; index < count; index += 1) {
      const finding =
        index % 3 === 0 ? { field: "email", message: `odd ${index}` } : { emailRepeats: index + 1 };
      warnings.add({ index, line: index + 2, row: "" }, [finding]);
    }
    const all = [...warnings];
    expect(warnings.count).toBe(count);
    expect(all).toHaveLength(count);
    expect(all.filter(({ index, line }, at) => index !== at || line !== at + 2)).toEqual([]);
    expect(all[3]).toEqual({ index: 3, line: 5, field: "email", message: "odd 3" });
    expect(all[4_999]).toEqual({
      index: 4_999,
      line: 5_001,
      field: "email",
      message: "repeats line 5000",
    });
  });
});

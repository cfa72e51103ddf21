import { describe, expect, it } from "vitest";
import { hintedPosition, isolateRefused, type Refusal } from "../../src/leads/isolate-refused.js";

/** How a simulated server words its refusal of a request holding refused leads. */
type Wording = "position" | "plain" | "wrong-position";

/**
 * Runs isolateRefused over n leads against a server refusing the leads in `bad` (400, naming the
 * first one as `wording` says); `global` refuses every request the same way instead.
 */
async function isolate(n: number, bad: ReadonlySet<number>, wording: Wording, global = false) {
  const answer = (positions: readonly number[]): Refusal | undefined => {
    if (global) return { status: 400, message: "campaign does not accept leads" };
    const first = positions.findIndex((position) => bad.has(position));
    if (first < 0) return undefined;
    const named = wording === "wrong-position" ? (first + 1) % positions.length : first;
    const message =
      wording === "plain" ? "email is not valid" : `body/leads/${named}/email is not valid`;
    return { status: 400, message };
  };
  const all = Array.from({ length: n }, (_, i) => i);
  const accepted: number[] = [];
  const refused: number[] = [];
  let requests = 0;
  const first = answer(all)!;
  const notAboutLeads = await isolateRefused(all, first, {
    send: async (positions) => {
      if (positions.length === 0) throw new Error("an empty part was sent");
      requests += 1;
      const refusal = answer(positions);
      if (refusal === undefined) accepted.push(...positions);
      return refusal;
    },
    refuse: (position) => refused.push(position),
    halted: () => false,
    setAside: () => {
      throw new Error("nothing is set aside while the import runs");
    },
  });
  return { accepted, refused, requests, notAboutLeads };
}

function spread(count: number, n: number, seed: number): Set<number> {
  const bad = new Set<number>();
  for (let i = 0; bad.size < count; i++) bad.add((seed * 7919 + i * 104_729) % n);
  return bad;
}

describe("isolateRefused", () => {
  it.each<[string, number, number, Wording]>([
    ["one refused lead, no hint", 1000, 1, "plain"],
    ["one refused lead, named", 1000, 1, "position"],
    ["10 refused leads, no hint", 1000, 10, "plain"],
    ["10 refused leads, named", 1000, 10, "position"],
    ["10 refused leads, named wrongly", 1000, 10, "wrong-position"],
    ["every lead refused", 16, 16, "position"],
    ["adjacent refused leads, named", 1000, 4, "position"],
  ])(
    "%s: each refused lead alone, every other accepted, within 2k log2 n",
    async (_, n, k, wording) => {
      const bad = k === 4 ? new Set([0, 1, 2, 3]) : spread(k, n, k);
      const { accepted, refused, requests, notAboutLeads } = await isolate(n, bad, wording);
      expect(notAboutLeads).toBeUndefined();
      expect(refused.sort((a, b) => a - b)).toEqual([...bad].sort((a, b) => a - b));
      expect(accepted.length + refused.length).toBe(n);
      expect(new Set(accepted).size).toBe(accepted.length);
      expect(requests).toBeLessThanOrEqual(Math.ceil(2 * k * Math.log2(n)) + 2);
    },
  );

  it("costs about 2-3 requests per refused lead when the server names it", async () => {
    const { requests } = await isolate(1000, spread(10, 1000, 3), "position");
    expect(requests).toBeLessThanOrEqual(30);
  });

  it("stops splitting a refusal every part repeats: it is not about a lead", async () => {
    const { notAboutLeads, requests, accepted, refused } = await isolate(
      1000,
      new Set(),
      "plain",
      true,
    );
    expect(requests).toBe(4);
    expect(accepted).toEqual([]);
    expect(refused).toEqual([]);
    expect(notAboutLeads?.positions.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(notAboutLeads?.refusal.message).toBe("campaign does not accept leads");
  });

  it.each([1, 2, 3])(
    "refuses each of %d leads a server refuses in every request once, as a lead",
    async (n) => {
      const { notAboutLeads, refused, accepted, requests } = await isolate(
        n,
        new Set(),
        "plain",
        true,
      );
      expect(notAboutLeads).toBeUndefined();
      // One request per lead at most, none of them empty (`isolate` refuses an empty part).
      expect(requests).toBeLessThanOrEqual(n === 1 ? 0 : n + 1);
      expect(accepted).toEqual([]);
      expect(refused.sort()).toEqual(Array.from({ length: n }, (_, i) => i));
    },
  );

  it("sets the leads it still holds aside once the import halts", async () => {
    const setAside: number[] = [];
    let sent = 0;
    const refusal = { status: 400, message: "email is not valid" };
    await isolateRefused([0, 1, 2, 3, 4, 5, 6, 7], refusal, {
      send: async () => {
        sent += 1;
        return refusal;
      },
      refuse: () => {},
      halted: () => sent >= 1,
      setAside: (positions) => setAside.push(...positions),
    });
    expect(sent).toBe(1);
    expect(setAside.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("never calls a 413 not about a lead: it splits down to single leads", async () => {
    const refused: number[] = [];
    const tooLarge = { status: 413, message: "Request body is too large" };
    const result = await isolateRefused([0, 1, 2, 3], tooLarge, {
      send: async (positions) =>
        positions.length > 1 || positions[0] === 2 ? tooLarge : undefined,
      refuse: (position) => refused.push(position),
      halted: () => false,
      setAside: () => {},
    });
    expect(result).toBeUndefined();
    expect(refused).toEqual([2]);
  });
});

describe("hintedPosition", () => {
  it.each<[string, number, number | undefined]>([
    ["body/leads/500/email is not valid", 1000, 500],
    ["body.leads[3].email must match format", 10, 3],
    ["leads.7 is odd", 10, 7],
    ["body/leads/12/email is not valid", 10, undefined],
    ["email is not valid", 10, undefined],
  ])("%s (of %d)", (message, length, position) => {
    expect(hintedPosition(message, length)).toBe(position);
  });
});

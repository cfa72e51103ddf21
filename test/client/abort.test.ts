import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AttemptSignal, sleepUnlessAborted, throwIfAborted } from "../../src/client/abort.js";
import { InstantlyAbortError } from "../../src/client/errors.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AttemptSignal", () => {
  it("aborts when timeoutMs runs out, and calls it a timeout", () => {
    const attempt = new AttemptSignal(new AbortController().signal, 1_000);
    vi.advanceTimersByTime(999);
    expect(attempt.signal.aborted).toBe(false);
    expect(attempt.failure()).toBe("connection");
    vi.advanceTimersByTime(1);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.failure()).toBe("timeout");
  });

  it("follows the caller's abort, with its reason, and calls it an abort", () => {
    const caller = new AbortController();
    const attempt = new AttemptSignal(caller.signal, 1_000);
    caller.abort("stop");
    expect(attempt.signal.reason).toBe("stop");
    expect(attempt.failure()).toBe("abort");
  });

  it("after dispose, neither the timer nor the caller aborts it", () => {
    const caller = new AbortController();
    const attempt = new AttemptSignal(caller.signal, 1_000);
    attempt.dispose();
    vi.advanceTimersByTime(5_000);
    caller.abort();
    expect(attempt.signal.aborted).toBe(false);
  });
});

describe("the caller's abort", () => {
  it("throwIfAborted names the request and keeps the reason as the cause", () => {
    const caller = new AbortController();
    expect(() => throwIfAborted(caller.signal, "POST /x")).not.toThrow();
    caller.abort("stop");
    expect(() => throwIfAborted(caller.signal, "POST /x")).toThrow(
      expect.objectContaining({
        constructor: InstantlyAbortError,
        message: "Instantly API request POST /x was aborted",
        cause: "stop",
      }),
    );
  });

  it("ends a wait between attempts at once", async () => {
    const caller = new AbortController();
    const wait = sleepUnlessAborted(60_000, caller.signal, "POST /x");
    caller.abort();
    await expect(wait).rejects.toThrow(InstantlyAbortError);
  });
});

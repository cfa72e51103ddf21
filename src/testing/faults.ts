import type { Exchange } from "./exchange.js";
import { errorReply, htmlReply, rateLimitReply, type Outcome, type Reply } from "./replies.js";
import type { FakeFault, FakeInstantlyOptions, FaultContext } from "./fake-instantly.js";

/** What a request ends with: an answer, or a dropped connection (`reply` undefined). */
export interface FaultResult {
  applied: boolean;
  reply: Reply | undefined;
}

/** The fault scripted for this request, if any. */
export function faultFor(
  faults: FakeInstantlyOptions["faults"],
  context: FaultContext,
): FakeFault | undefined {
  if (faults === undefined) return undefined;
  return typeof faults === "function" ? faults(context) : faults[context.requestNumber];
}

/** Plays a fault; `handle` processes the request normally, for faults that apply it. */
export async function playFault(
  fault: FakeFault,
  handle: () => Outcome,
  exchange: Pick<Exchange, "wait">,
): Promise<FaultResult> {
  switch (fault.kind) {
    case "status":
      return replaceAnswer(
        fault.applied,
        handle,
        errorReply(fault.status, "Fault injected by the fake server"),
      );
    case "non-json":
      return replaceAnswer(fault.applied, handle, htmlReply(fault.status ?? 502));
    case "rate-limit": {
      const seconds = fault.retryAfter === "none" ? undefined : (fault.retryAfter ?? 1);
      return { applied: false, reply: rateLimitReply(seconds) };
    }
    case "forbidden":
      return {
        applied: false,
        reply:
          fault.body === "json"
            ? errorReply(403, "The API key does not have the scope required for this endpoint")
            : htmlReply(403),
      };
    case "reset-before":
      return { applied: false, reply: undefined };
    case "reset-after":
      return { applied: handle().applied, reply: undefined };
    case "delay": {
      if (fault.applied === true) {
        const outcome = handle();
        await exchange.wait(fault.ms);
        return outcome;
      }
      // Work starts only after the delay, and only for a client that is still waiting.
      return (await exchange.wait(fault.ms)) ? handle() : { applied: false, reply: undefined };
    }
  }
}

/** Answers `reply` instead of the real answer, after applying the request if asked to. */
function replaceAnswer(
  applied: boolean | undefined,
  handle: () => Outcome,
  reply: Reply,
): FaultResult {
  return { applied: applied === true ? handle().applied : false, reply };
}

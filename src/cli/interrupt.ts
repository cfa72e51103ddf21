// What the import does on Ctrl-C: how long the batches in flight may take, and what it says.

/**
 * How long the batches in flight at Ctrl-C may still take to be answered: their outcome is then
 * known (an accepted batch is journaled as usual); those unanswered after it are cancelled and
 * journaled as maybe applied.
 */
export const ABORT_GRACE_MS = 10_000;

/** Says, once the import is interrupted, what it waits for and how to stop waiting. */
export function announceStop(
  signal: AbortSignal,
  inFlight: () => number,
  write: (text: string) => void,
): void {
  const announce = () => {
    const batches = inFlight();
    const waiting =
      batches === 0
        ? ""
        : `; waiting up to ${ABORT_GRACE_MS / 1000} s for ${batches} ${batches === 1 ? "batch" : "batches"} in flight`;
    write(`\nStopping: nothing more is read or sent${waiting}; Ctrl-C again to quit now`);
  };
  // After importLeads has told, on the same abort, what it still has in flight.
  signal.addEventListener("abort", () => queueMicrotask(announce), { once: true });
}

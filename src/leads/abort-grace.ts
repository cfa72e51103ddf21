/**
 * The signal an import's requests follow: the caller's itself, or one that aborts `graceMs` after
 * it, so that requests already on the wire may still be answered (their outcome is then known).
 * `dispose` once the import has settled.
 */
export function graceSignal(
  caller: AbortSignal | undefined,
  graceMs: number,
): { signal: AbortSignal | undefined; dispose(): void } {
  if (caller === undefined || graceMs === 0) return { signal: caller, dispose: () => {} };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const startGrace = () => {
    timer = setTimeout(() => controller.abort(caller.reason), graceMs);
  };
  if (caller.aborted) startGrace();
  else caller.addEventListener("abort", startGrace, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      caller.removeEventListener("abort", startGrace);
    },
  };
}

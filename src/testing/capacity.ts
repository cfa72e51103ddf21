import type { Exchange } from "./exchange.js";
import type { FakeCapacity } from "./fake-instantly.js";

/**
 * A server's capacity: `concurrent` workers, each request holding one for `serviceMs`; the others
 * wait in a first-come queue, as requests do in front of a busy server.
 */
export class CapacityQueue {
  #busy = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(private readonly capacity: FakeCapacity) {}

  /**
   * Waits for a worker and the service time. Returns how long the request queued, and whether the
   * client is still there (a request whose client hung up leaves the queue and frees its worker).
   */
  async serve(
    exchange: Pick<Exchange, "wait" | "gone">,
  ): Promise<{ queuedMs: number; stayed: boolean }> {
    const queued = performance.now();
    if (this.#busy >= this.capacity.concurrent) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#busy += 1;
    }
    const queuedMs = performance.now() - queued;
    try {
      const stayed = !exchange.gone && (await exchange.wait(this.capacity.serviceMs));
      return { queuedMs, stayed };
    } finally {
      // The worker passes straight to the next in line, so none can jump the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#busy -= 1;
    }
  }
}

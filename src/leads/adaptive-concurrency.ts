/**
 * Batches in flight at the start of an adaptive import, and the fixed default before it was
 * adaptive.
 */
export const INITIAL_CONCURRENCY = 4;
/** Without a client rate limit, the most batches in flight an adaptive import allows. */
export const MAX_ADAPTIVE_CONCURRENCY = 256;

// Each round (the answers of one limit's worth of requests sent under it) the limit moves by the requests queued at the server, as
// TCP Vegas estimates them: in flight x (1 - base RTT / the round's mean RTT). Below QUEUE_LOW the
// server keeps up (grow); above QUEUE_HIGH a queue is forming (shrink to what the server works
// on at once). Wide servers get a tolerance proportional to the limit, as their RTTs jitter more
// in absolute terms; a queue of one request must still show on a narrow one.
const QUEUE_LOW = 0.3;
const QUEUE_HIGH = 0.6;
const QUEUE_LOW_SHARE = 0.03;
const QUEUE_HIGH_SHARE = 0.05;
/** Rounds held after a decrease before probing upwards again: probing queues one request. */
const HOLD_ROUNDS = 4;
/** A 429, a 5xx or a timeout cuts the limit to this fraction (at most once per round). */
const BACKOFF = 0.75;
/** The base RTT is the least RTT of this many recent rounds, so a slower server is relearned. */
const BASE_RTT_ROUNDS = 30;
/** The ceiling leaves the rate limit in reach: this many times rate x base RTT. */
const CEILING_HEADROOM = 2;

/** One answered attempt of a batch request, on the controller's clock. */
export interface ConcurrencySample {
  /** When it was sent. */
  sentAt: number;
  /** From sending to its answer. */
  rttMs: number;
  /** Batches in flight when it was sent, itself included. */
  inFlight: number;
  /** Answered 429 or 5xx, or timed out or lost its connection: the server is overloaded. */
  congested: boolean;
}

interface Round {
  samples: number;
  rttSum: number;
  inFlightSum: number;
  maxInFlight: number;
  minRtt: number;
  congested: boolean;
}

function emptyRound(): Round {
  return {
    samples: 0,
    rttSum: 0,
    inFlightSum: 0,
    maxInFlight: 0,
    minRtt: Infinity,
    congested: false,
  };
}

/** The highest limit worth allowing: enough to use the client's rate limit at the base RTT. */
export function concurrencyCeiling(requestsPerSecond: number | undefined, baseRttMs: number) {
  if (requestsPerSecond === undefined) return MAX_ADAPTIVE_CONCURRENCY;
  const needed = Math.ceil((CEILING_HEADROOM * requestsPerSecond * baseRttMs) / 1000);
  return Math.min(MAX_ADAPTIVE_CONCURRENCY, Math.max(INITIAL_CONCURRENCY, needed));
}

/**
 * An adaptive limit of batches in flight, in the manner of TCP Vegas and Netflix's gradient
 * limiters: it doubles each round trip while the server keeps up (slow start), then grows by one
 * per round while latency holds at its base, shrinks to what the server works on at once when
 * latency rises (a queue is forming: limit x base RTT / RTT), and cuts back on 429, 5xx and
 * timeouts. Between 1 and `ceiling`. `now` is the clock the samples' `sentAt` are read on.
 */
export class AdaptiveConcurrency {
  #limit: number;
  #slowStart = true;
  #hold = 0;
  /** Answers of requests sent before the limit last changed say nothing about the new one. */
  #changedAt = -Infinity;
  #round = emptyRound();
  readonly #roundMins: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly ceiling: (baseRttMs: number) => number,
    initial = INITIAL_CONCURRENCY,
  ) {
    this.#limit = initial;
  }

  /** Batches allowed in flight now. */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Takes one answered attempt; once a limit's worth of requests sent under the current limit
   * are answered (a round), adapts.
   */
  sample(sample: ConcurrencySample): void {
    if (sample.sentAt < this.#changedAt) return;
    const round = this.#round;
    round.samples += 1;
    round.rttSum += sample.rttMs;
    round.inFlightSum += sample.inFlight;
    round.maxInFlight = Math.max(round.maxInFlight, sample.inFlight);
    round.minRtt = Math.min(round.minRtt, sample.rttMs);
    round.congested ||= sample.congested;
    if (round.samples >= this.#limit) this.#endRound();
  }

  #endRound(): void {
    const round = this.#round;
    this.#round = emptyRound();
    const before = this.#limit;
    this.#adapt(round);
    if (this.#limit !== before) this.#changedAt = this.now();
  }

  #adapt(round: Round): void {
    this.#roundMins.push(round.minRtt);
    if (this.#roundMins.length > BASE_RTT_ROUNDS) this.#roundMins.shift();
    const base = Math.min(...this.#roundMins);
    const meanRtt = round.rttSum / round.samples;
    const inFlight = round.inFlightSum / round.samples;
    const queued = meanRtt > 0 ? inFlight * (1 - base / meanRtt) : 0;
    const ceiling = Math.max(1, this.ceiling(base));
    if (round.congested) {
      this.#decrease(Math.floor(this.#limit * BACKOFF));
    } else if (queued > Math.max(QUEUE_HIGH, QUEUE_HIGH_SHARE * this.#limit)) {
      // What the server works on at once, by Little's law: in flight x base RTT / RTT.
      this.#decrease(Math.min(this.#limit - 1, Math.round((inFlight * base) / meanRtt)));
    } else if (queued < Math.max(QUEUE_LOW, QUEUE_LOW_SHARE * this.#limit)) {
      // Grow only a limit in use: one the import does not fill says nothing about the server.
      const filled = round.maxInFlight >= this.#limit;
      if (this.#hold > 0) this.#hold -= 1;
      else if (filled) this.#limit = this.#slowStart ? this.#limit * 2 : this.#limit + 1;
    }
    this.#limit = Math.max(1, Math.min(ceiling, this.#limit));
  }

  #decrease(to: number): void {
    this.#slowStart = false;
    this.#hold = HOLD_ROUNDS;
    this.#limit = Math.max(1, to);
  }
}

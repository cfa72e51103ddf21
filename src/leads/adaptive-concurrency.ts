/**
 * Batches in flight at the start of an adaptive import, and the fixed default before it was
 * adaptive.
 */
export const INITIAL_CONCURRENCY = 4;
/** Without a client rate limit, the most batches in flight an adaptive import allows. */
export const MAX_ADAPTIVE_CONCURRENCY = 256;

// Each round (the answers of one limit's worth of requests sent under it) compares its mean RTT
// with the base RTT. A queue of one request at a server working on C at once inflates the RTT by
// 1/C: a quarter for 4. Below INFLATION_LOW (or under a third of a request queued, by TCP Vegas'
// estimate: in flight x (1 - base / RTT)) the server keeps up and the limit grows; above
// INFLATION_HIGH in two rounds running a queue is forming and the limit shrinks to what the
// server works on at once. Two rounds, because a shared machine's RTTs jump by 10-20% without
// any queue, for a round at a time; wide servers thus hold a short queue, narrow ones none.
const INFLATION_LOW = 0.08;
const INFLATION_HIGH = 0.15;
const QUEUE_LOW = 0.3;
const INFLATED_ROUNDS = 2;
/**
 * Growth per round until the first sign of a queue: fast enough to fill a wide server within a
 * few round trips, short of doubling so that the overshoot into a narrow one's queue stays small.
 */
const SLOW_START_GROWTH = 1.5;
/** Rounds held after a decrease before probing upwards again: probing queues one request. */
const HOLD_ROUNDS = 6;
/** A 429, a 5xx or a timeout cuts the limit to this fraction (at most once per round). */
const BACKOFF = 0.75;
/**
 * The base RTT is the least of this many recent rounds' lower quartile RTTs, so a slower server is
 * relearned: the fastest answers of a round met no queue, whatever the limit, and the quartile
 * rather than the very fastest, as a shared machine makes a few answers far faster than the rest.
 */
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
  rtts: number[];
  inFlightSum: number;
  maxInFlight: number;
  congested: boolean;
}

function emptyRound(): Round {
  return {
    samples: 0,
    rtts: [],
    inFlightSum: 0,
    maxInFlight: 0,
    congested: false,
  };
}

function lowerQuartile(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 4)]!;
}

/** The highest limit worth allowing: enough to use the client's rate limit at the base RTT. */
export function concurrencyCeiling(requestsPerSecond: number | undefined, baseRttMs: number) {
  if (requestsPerSecond === undefined) return MAX_ADAPTIVE_CONCURRENCY;
  const needed = Math.ceil((CEILING_HEADROOM * requestsPerSecond * baseRttMs) / 1000);
  return Math.min(MAX_ADAPTIVE_CONCURRENCY, Math.max(INITIAL_CONCURRENCY, needed));
}

/**
 * An adaptive limit of batches in flight, in the manner of TCP Vegas and Netflix's gradient
 * limiters: it grows by half each round trip while the server keeps up (slow start), then grows by one
 * per round while latency holds at its base, shrinks to what the server works on at once when
 * latency rises (a queue is forming: limit x base RTT / RTT), and cuts back on 429, 5xx and
 * timeouts. Between 1 and `ceiling`. `now` is the clock the samples' `sentAt` are read on.
 */
export class AdaptiveConcurrency {
  #limit: number;
  #slowStart = true;
  #hold = 0;
  /** The RTTs of the latest rounds running that were inflated past INFLATION_HIGH. */
  #inflated: number[] = [];
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
    round.rtts.push(sample.rttMs);
    round.inFlightSum += sample.inFlight;
    round.maxInFlight = Math.max(round.maxInFlight, sample.inFlight);
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
    const roundRtt = round.rtts.reduce((sum, rtt) => sum + rtt, 0) / round.rtts.length;
    this.#roundMins.push(lowerQuartile(round.rtts));
    if (this.#roundMins.length > BASE_RTT_ROUNDS) this.#roundMins.shift();
    const base = Math.min(...this.#roundMins);
    const inFlight = round.inFlightSum / round.samples;
    const inflation = roundRtt / base - 1;
    const queued = inFlight * (1 - base / roundRtt);
    const ceiling = Math.max(1, this.ceiling(base));
    const inflated = inflation > INFLATION_HIGH ? this.#inflated.concat(roundRtt) : [];
    this.#inflated = inflated;
    if (round.congested) {
      this.#decrease(Math.floor(this.#limit * BACKOFF));
    } else if (inflated.length >= INFLATED_ROUNDS) {
      // What the server works on at once, by Little's law: in flight x base RTT / RTT, from the
      // least inflated of the rounds, so that a jump of one does not cut too deep.
      const served = Math.round((inFlight * base) / Math.min(...inflated));
      this.#decrease(Math.min(this.#limit - 1, served));
    } else if (inflated.length === 0 && (inflation < INFLATION_LOW || queued < QUEUE_LOW)) {
      // Grow only a limit in use: one the import does not fill says nothing about the server.
      const filled = round.maxInFlight >= this.#limit;
      if (this.#hold > 0) this.#hold -= 1;
      else if (filled) {
        this.#limit = this.#slowStart
          ? Math.ceil(this.#limit * SLOW_START_GROWTH)
          : this.#limit + 1;
      }
    }
    this.#limit = Math.max(1, Math.min(ceiling, this.#limit));
  }

  #decrease(to: number): void {
    this.#inflated = [];
    this.#slowStart = false;
    this.#hold = HOLD_ROUNDS;
    this.#limit = Math.max(1, to);
  }
}

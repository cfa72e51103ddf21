/** An answer that refused a whole batch and applied nothing: its status and the server's message. */
export interface Refusal {
  status: number;
  message: string;
}

// 400 and 422 refuse what a request holds; 413 its size. All three are answers that applied
// nothing, so the batch's leads may be sent again in parts.
const BAD_REQUEST = 400;
const UNPROCESSABLE = 422;
export const TOO_LARGE = 413;
const SPLIT_STATUSES: ReadonlySet<number> = new Set([BAD_REQUEST, UNPROCESSABLE, TOO_LARGE]);

/** Whether an answer's status refuses a batch in a way its parts may escape. */
export function isSplittable(status: number | undefined): boolean {
  return status !== undefined && SPLIT_STATUSES.has(status);
}

/**
 * Refused parts, each answered as the whole was, with nothing else seen, after which the refusal
 * is taken to be about the request rather than any lead: two levels of halving (4 parts).
 */
const NOT_ABOUT_LEADS_AFTER = 4;

// Fastify-style paths name a lead: `body/leads/500/email`, `leads[500].email`, `leads.500`.
const LEAD_POSITION = /leads(?:\/|\[|\.)(\d+)/;

/** The position a refusal's message names in the part it refused, if any and within it. */
export function hintedPosition(message: string, length: number): number | undefined {
  const match = LEAD_POSITION.exec(message);
  if (match === null) return undefined;
  const position = Number(match[1]);
  return position < length ? position : undefined;
}

/** What isolating needs from the import: sending a part and settling what it finds. */
export interface IsolationSteps {
  /**
   * Sends the leads at these batch positions as one request and settles it (accepted, failed);
   * returns its refusal when it was refused as a whole (then nothing is settled).
   */
  send(positions: number[]): Promise<Refusal | undefined>;
  /** A lead refused when sent alone. */
  refuse(position: number, refusal: Refusal): void;
  /** True once the import stopped or was aborted: nothing more is sent. */
  halted(): boolean;
  /** Leads not sent (again) because the import halted. */
  setAside(positions: number[]): void;
  /** How to cut a refused part other than by halves (e.g. to a learned body size), if at all. */
  cut?(positions: number[], refusal: Refusal): number[][] | undefined;
}

/** The refusal was not about any lead (every part was refused as the whole): these leads failed. */
export interface NotAboutLeads {
  refusal: Refusal;
  positions: number[];
}

function halves(positions: number[]): number[][] {
  const middle = Math.ceil(positions.length / 2);
  return [positions.slice(0, middle), positions.slice(middle)];
}

/** Around a hinted lead: the leads before it, the lead alone, the leads after it. */
function aroundHint(positions: number[], hint: number): number[][] {
  return [positions.slice(0, hint), [positions[hint]!], positions.slice(hint + 1)].filter(
    (part) => part.length > 0,
  );
}

/**
 * Isolates the leads a server refuses from a batch it refused whole (`refusal`, nothing applied):
 * the batch is split (around the lead the message names, if it names one; else in halves) and
 * the parts sent again, the refused ones split further, until each refused lead is alone; every
 * other lead is sent in an accepted part. k refused leads among n cost at most about
 * 2k * log2(n) requests, fewer when the messages name the leads (a hint is only a guess: the lead
 * counts as refused only when it is refused alone). When every part is refused exactly as the
 * whole was (same status and message) for two levels, the refusal is about the request (e.g. its
 * target), not a lead: the leads still held are returned, to fail, and nothing more is split.
 * A 413 is about size, so it is split to single leads whatever the parts answer.
 */
export async function isolateRefused(
  positions: number[],
  refusal: Refusal,
  steps: IsolationSteps,
): Promise<NotAboutLeads | undefined> {
  const queue: Array<{ positions: number[]; refusal: Refusal }> = [{ positions, refusal }];
  let sameAsWhole = 0;
  // Any part accepted or refused otherwise than the whole, or a hinted lead refused alone.
  let aboutLeads = refusal.status === TOO_LARGE;
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    if (steps.halted()) {
      steps.setAside(item.positions);
      continue;
    }
    const [only] = item.positions;
    if (item.positions.length === 1 && only !== undefined) {
      steps.refuse(only, item.refusal);
      continue;
    }
    const hint = hintedPosition(item.refusal.message, item.positions.length);
    const parts =
      steps.cut?.(item.positions, item.refusal) ??
      (hint === undefined ? halves(item.positions) : aroundHint(item.positions, hint));
    for (const part of parts) {
      if (steps.halted()) {
        steps.setAside(part);
        continue;
      }
      const answer = await steps.send(part);
      if (answer === undefined) {
        aboutLeads = true;
        continue;
      }
      const same = answer.status === refusal.status && answer.message === refusal.message;
      if (!same || (hint !== undefined && part.length === 1)) aboutLeads = true;
      else sameAsWhole += 1;
      queue.push({ positions: part, refusal: answer });
    }
    if (!aboutLeads && sameAsWhole >= NOT_ABOUT_LEADS_AFTER) {
      return { refusal, positions: queue.flatMap((held) => held.positions) };
    }
  }
  return undefined;
}

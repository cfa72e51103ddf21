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
  return [positions.slice(0, middle), positions.slice(middle)].filter((part) => part.length > 0);
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
 * 2k * log2(n) requests, fewer when the messages name the leads. A named lead counts as refused
 * only when it is refused alone; once a named lead is accepted alone, names are not followed.
 *
 * A refusal that names no lead, repeated exactly (status and message) by both halves, may be
 * about the request rather than any lead (e.g. its target): the first lead of each half is sent
 * alone, and if both are refused the same way too, nothing more is split and the leads still
 * held are returned, to fail (5 requests in all). A 413 is about size: always split to the end.
 */
export async function isolateRefused(
  positions: number[],
  refusal: Refusal,
  steps: IsolationSteps,
): Promise<NotAboutLeads | undefined> {
  let followHints = true;
  const same = (answer: Refusal | undefined) =>
    answer !== undefined && answer.status === refusal.status && answer.message === refusal.message;
  const splitOf = (held: number[], answer: Refusal): number[][] => {
    const hint = followHints ? hintedPosition(answer.message, held.length) : undefined;
    return (
      steps.cut?.(held, answer) ?? (hint === undefined ? halves(held) : aroundHint(held, hint))
    );
  };
  /** Sends a part; a refused single lead is refused, a refused larger part returned to split. */
  const sendPart = async (part: number[], hinted: boolean): Promise<Refusal | undefined> => {
    if (steps.halted()) {
      steps.setAside(part);
      return undefined;
    }
    const answer = await steps.send(part);
    const [only] = part;
    if (answer === undefined) {
      if (hinted) followHints = false;
    } else if (part.length === 1 && only !== undefined) {
      steps.refuse(only, answer);
    }
    return answer;
  };
  const pending: Array<{ part: number[]; hinted: boolean }> = [];
  const queueSplit = (held: number[], answer: Refusal) => {
    const hint = followHints ? hintedPosition(answer.message, held.length) : undefined;
    for (const part of splitOf(held, answer)) {
      pending.push({ part, hinted: hint !== undefined && part.length === 1 });
    }
  };

  const [only] = positions;
  if (positions.length === 1 && only !== undefined) {
    // Refused alone already.
    steps.refuse(only, refusal);
    return undefined;
  }
  // Halves of at least 2 leads, so that a half refused is never a lead refused alone.
  const mayBeAboutRequest =
    refusal.status !== TOO_LARGE &&
    positions.length >= 4 &&
    hintedPosition(refusal.message, positions.length) === undefined;
  if (mayBeAboutRequest && steps.cut?.(positions, refusal) === undefined) {
    const parts = halves(positions);
    const answers: Array<Refusal | undefined> = [];
    for (const part of parts) answers.push(await sendPart(part, false));
    if (answers.every(same)) {
      // Both halves refused as the whole was: their first leads alone tell a lead from the request.
      const probes = parts.map((part) => part.slice(0, 1));
      const probed: Array<{ sent: boolean; answer?: Refusal | undefined }> = [];
      for (const probe of probes) {
        probed.push(
          steps.halted() ? { sent: false } : { sent: true, answer: await steps.send(probe) },
        );
      }
      if (probed.every(({ sent, answer }) => sent && same(answer))) {
        return { refusal, positions };
      }
      probes.forEach((probe, i) => {
        const { sent, answer } = probed[i]!;
        if (!sent) steps.setAside(probe);
        else if (answer !== undefined) steps.refuse(probe[0]!, answer);
      });
      for (const part of parts) {
        if (part.length > 1) pending.push({ part: part.slice(1), hinted: false });
      }
    } else {
      parts.forEach((part, i) => {
        const answer = answers[i];
        if (answer !== undefined && part.length > 1) queueSplit(part, answer);
      });
    }
  } else {
    queueSplit(positions, refusal);
  }
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    const answer = await sendPart(next.part, next.hinted);
    if (answer !== undefined && next.part.length > 1) queueSplit(next.part, answer);
  }
  return undefined;
}

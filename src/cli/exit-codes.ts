/** Exit codes: every row accounted for and accepted; some rows rejected or failed, or
 * interrupted; a usage, configuration or input error (or a refusal every batch would get). */
export const EXIT = { ok: 0, incomplete: 1, usage: 2 } as const;

/** A whole name split for a lead: `last` is absent when the name was kept whole. */
export interface SplitName {
  first: string;
  last?: string;
}

// Titles before a name: "Dr. Jane Smith" has no first name to take, so it stays whole.
const HONORIFICS = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "dr",
  "prof",
  "sir",
  "dame",
  "herr",
  "frau",
  "m",
  "mme",
  "mlle",
  "sr",
  "sra",
  "srta",
  "dott",
  "ing",
]);

// Letters (any script), combining marks, and the punctuation names carry: O'Brien, Jean-Luc, St. John.
const NAME_WORD = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*$/u;
// Chinese, Japanese and Korean names put the family name first: which part is which is not ours to guess.
const FAMILY_NAME_FIRST =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
// More words than this is more likely a note or a company than a person's name.
const MAX_WORDS = 4;

function words(text: string): string[] {
  return text.split(" ").filter((word) => word !== "");
}

function nameLike(parts: readonly string[]): boolean {
  return parts.length > 0 && parts.every((word) => NAME_WORD.test(word));
}

/**
 * Splits a whole name the way a person reading it would: "Ada Lovelace" -> Ada + Lovelace,
 * "Ludwig van Beethoven" -> Ludwig + van Beethoven, "Lovelace, Ada" -> Ada + Lovelace. A name
 * that cannot be split sensibly (one word, a title such as "Dr.", digits or symbols, more than
 * four words, a script that writes the family name first) is kept whole in `first`, so a greeting still has the person's own words.
 */
export function splitFullName(cell: string): SplitName {
  const whole = cell.trim().replace(/\s+/gu, " ");
  if (FAMILY_NAME_FIRST.test(whole)) return { first: whole };
  const commas = whole.split(",");
  if (commas.length === 2) {
    const last = words((commas[0] as string).trim());
    const first = words((commas[1] as string).trim());
    if (nameLike(last) && nameLike(first) && last.length + first.length <= MAX_WORDS) {
      return { first: first.join(" "), last: last.join(" ") };
    }
    return { first: whole };
  }
  const parts = words(whole);
  if (parts.length < 2 || parts.length > MAX_WORDS || !nameLike(parts)) return { first: whole };
  const title = (parts[0] as string).toLowerCase().replace(/\.$/u, "");
  if (HONORIFICS.has(title)) return { first: whole };
  return { first: parts[0] as string, last: parts.slice(1).join(" ") };
}

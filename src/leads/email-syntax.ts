/**
 * The spec does not constrain a lead's `email` (it is any string), and the API accepts a batch
 * with an unusable address, counting it in `invalid_email_count` without creating the lead. So a
 * dry run warns about addresses no mail system would accept. The rule is deliberately narrower
 * than RFC 5322 or ajv's "email" format: it flags only what is certainly unusable, never an
 * unusual but deliverable address (`o'brien+tag@sub.example`, international domains).
 */

// Letters and digits of any script, `-` and `.`: what a domain name (or its IDN form) is made of.
const NOT_DOMAIN_CHARACTER = /[^\p{L}\p{N}\p{M}.-]/u;
// The common case, tested first without Unicode property classes (about twice as fast).
const ASCII_DOMAIN = /^[a-z0-9.-]+$/i;
const WHITE_SPACE_OR_CONTROL = /[\s\p{Cc}]/u;

/** Why no mail system would accept this (trimmed) address, or undefined when it may be fine. */
export function emailSyntaxProblem(email: string): string | undefined {
  if (WHITE_SPACE_OR_CONTROL.test(email)) return "it contains a space or a control character";
  const at = email.lastIndexOf("@");
  if (at < 0) return "it has no @";
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local === "") return "nothing precedes the @";
  // A quoted local part may hold an @; nothing else may.
  if (local.includes("@") && !/^".*"$/.test(local)) return "it has more than one @";
  if (domain === "") return "nothing follows the @";
  const bad = ASCII_DOMAIN.test(domain) ? null : NOT_DOMAIN_CHARACTER.exec(domain);
  if (bad !== null) return `its domain holds ${JSON.stringify(bad[0])}`;
  if (!domain.includes(".")) return "its domain has no dot";
  if (domain.startsWith(".") || domain.endsWith(".") || domain.includes(".."))
    return "its domain has an empty label (a leading, trailing or double dot)";
  return undefined;
}

/** Returns `names` after checking that the spec still lists each, so a spec rename fails at module load. */
export function specNames<const T extends readonly string[]>(
  names: T,
  available: readonly string[],
  where: string,
): T {
  const missing = names.filter((name) => !available.includes(name));
  if (missing.length > 0) {
    throw new Error(`the spec no longer has ${missing.join(", ")} in ${where}; update src/leads`);
  }
  return names;
}

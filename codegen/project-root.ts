import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, so output does not depend on the folder the generator runs from. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

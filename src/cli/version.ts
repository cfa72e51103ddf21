import packageJson from "../../package.json" with { type: "json" };

/** This package's version, from its package.json. */
export function packageVersion(): string {
  return packageJson.version;
}

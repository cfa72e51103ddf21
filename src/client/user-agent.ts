import packageJson from "../../package.json" with { type: "json" };

/** `instantly-client/<version> node/<version>`: names the package, since upstream's edge blocks some default agents. */
export function defaultUserAgent(): string {
  return `${packageJson.name}/${packageJson.version} node/${process.version}`;
}

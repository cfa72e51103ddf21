import type { TestProject } from "vitest/node";
import { startPrism } from "./prism-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

/** The contract project's global setup: one Prism mock of the pinned spec for all its files. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.stop();
}

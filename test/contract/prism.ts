import { afterAll, beforeAll, inject } from "vitest";
import { startFakeInstantly, type FakeInstantly } from "../../src/testing/index.js";
import type { FakeInstantlyOptions } from "../../src/testing/fake-instantly.js";

/** One of the two servers a contract test runs against, by the name its tests print. */
export interface ContractServer {
  name: string;
  url: () => string;
}

/**
 * The shared Prism, and the fake server (with `options`) started before the file's tests and stopped
 * after them: the same requests must get the documented answers from both.
 */
export function prismAndFake(options?: FakeInstantlyOptions): [ContractServer, ContractServer] {
  // One Prism serves every contract file: started by the project's global setup (prism-setup.ts).
  const prismUrl = inject("prismUrl");
  let fake: FakeInstantly | undefined;
  beforeAll(async () => {
    fake = await startFakeInstantly(options);
  });
  afterAll(async () => {
    await fake?.close();
  });
  return [
    { name: "Prism", url: () => prismUrl },
    { name: "the fake server", url: () => fake?.url ?? "" },
  ];
}

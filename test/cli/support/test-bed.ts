import { afterAll, afterEach, beforeAll } from "vitest";
import {
  startFakeInstantly,
  type FakeInstantly,
  type FakeInstantlyOptions,
} from "../../../src/testing/index.js";
import { tempFolder } from "./run-cli.js";

type TempFolder = Awaited<ReturnType<typeof tempFolder>>;

/**
 * What a CLI test file runs against: a temporary folder, made before its tests and removed after
 * them, and a fake server per test (`serve`, with `defaults` under the test's options), closed
 * after the test.
 */
export function cliTestBed(defaults: FakeInstantlyOptions = {}) {
  let folder: TempFolder | undefined;
  let fake: FakeInstantly | undefined;
  beforeAll(async () => {
    folder = await tempFolder();
  });
  afterAll(() => folder?.remove());
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return {
    get folder(): TempFolder {
      if (folder === undefined) throw new Error("the folder is made in beforeAll");
      return folder;
    },
    /** The server of the running test. */
    get fake(): FakeInstantly {
      if (fake === undefined) throw new Error("no fake server: call serve() first");
      return fake;
    },
    async serve(options: FakeInstantlyOptions = {}): Promise<FakeInstantly> {
      fake = await startFakeInstantly({ ...defaults, ...options });
      return fake;
    },
  };
}

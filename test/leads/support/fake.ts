import { afterEach } from "vitest";
import { createInstantlyClient } from "../../../src/client/create.js";
import type { InstantlyClient, InstantlyClientOptions } from "../../../src/client/client-types.js";
import { startFakeInstantly } from "../../../src/testing/index.js";
import type { FakeInstantly, FakeInstantlyOptions } from "../../../src/testing/fake-instantly.js";

const running = new Set<FakeInstantly>();
afterEach(async () => {
  await Promise.all([...running].map((fake) => fake.close()));
  running.clear();
});

/** A fake server (rate limit off unless given) and a client for it; both end after the test. */
export async function fakeWithClient(
  options: FakeInstantlyOptions = {},
  clientOptions: Partial<InstantlyClientOptions> = {},
): Promise<{ fake: FakeInstantly; client: InstantlyClient }> {
  const fake = await startFakeInstantly({ rateLimit: false, ...options });
  running.add(fake);
  const client = createInstantlyClient({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    rateLimit: false,
    ...clientOptions,
  });
  return { fake, client };
}

/** Leads with unique emails: `lead{i}@x.example`. */
export function emailLeads(count: number, from = 0): Array<{ email: string; first_name: string }> {
  return Array.from({ length: count }, (_, i) => ({
    email: `lead${from + i}@x.example`,
    first_name: `First${from + i}`,
  }));
}

/** An async generator over `leads` that counts what was pulled and whether it was closed. */
export function countingSource<T>(leads: readonly T[]) {
  const state = { pulled: 0, closed: false };
  async function* source(): AsyncGenerator<T> {
    try {
      for (const lead of leads) {
        state.pulled++;
        yield lead;
      }
    } finally {
      state.closed = true;
    }
  }
  return { source: source(), state };
}

/** Collects unhandled rejections while a test file runs; check `list` is empty at the end. */
export function watchUnhandledRejections(): { list: unknown[]; stop(): void } {
  const list: unknown[] = [];
  const listener = (reason: unknown) => list.push(reason);
  process.on("unhandledRejection", listener);
  return { list, stop: () => process.off("unhandledRejection", listener) };
}

import { afterEach } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import type { InstantlyClient } from "../../src/client/client-types.js";
import { startFakeInstantly } from "../../src/testing/index.js";
import type { FakeInstantly, FakeInstantlyOptions } from "../../src/testing/fake-instantly.js";

const running = new Set<FakeInstantly>();
afterEach(async () => {
  await Promise.all([...running].map((fake) => fake.close()));
  running.clear();
});

/** `count` distinct uuids, in order, for named campaigns and lists. */
export function uuids(count: number, prefix = "0199"): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${prefix}0000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  );
}

/** A fake server (rate limit off) and a client that records every request as "METHOD path?query". */
export async function recordingClient(
  options: FakeInstantlyOptions = {},
  apiKey?: string,
): Promise<{ fake: FakeInstantly; client: InstantlyClient; requests: string[] }> {
  const fake = await startFakeInstantly({ rateLimit: false, ...options });
  running.add(fake);
  const requests: string[] = [];
  const client = createInstantlyClient({
    apiKey: apiKey ?? fake.apiKey,
    baseUrl: fake.url,
    rateLimit: false,
    maxRetries: 0,
    fetch: (request) => {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}${url.search}`);
      return fetch(request);
    },
  });
  return { fake, client, requests };
}

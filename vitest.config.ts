import { defineConfig } from "vitest/config";

// Most tests wait (on sockets, child processes, the clock), so on two cores several workers pay off.
// The files that measure rates on the real clock run after them, when no CPU-bound file competes.
const TIMING = [
  "test/leads/throttling.test.ts",
  "test/client/rate-limit.test.ts",
  "test/client/transport-rate-limit.test.ts",
  // Adaptive concurrency reacts to latency, which other files' CPU would distort.
  "test/leads/import-refused.test.ts",
];
const CONTRACT = ["test/contract/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        // Files share one module graph per worker (isolate: false): importing it afresh for each
        // file cost more CPU than all the tests of the project. Tests start and close what they use.
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...TIMING, ...CONTRACT],
          isolate: false,
        },
      },
      {
        // After the rest (their own group), two at a time: they mostly wait, and the CPU is free by then.
        extends: true,
        test: { name: "timing", include: TIMING, maxWorkers: 2, sequence: { groupOrder: 1 } },
      },
      {
        // One Prism for every contract file, started by the project's global setup.
        extends: true,
        test: {
          name: "contract",
          include: CONTRACT,
          globalSetup: ["test/contract/prism-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "types",
          include: [],
          // tsc over the whole tsconfig.json (sources and tests): a type error anywhere fails the run,
          // and the expectTypeOf assertions of the *.test-d.ts files count as tests.
          typecheck: { enabled: true, only: true, include: ["test/**/*.test-d.ts"] },
        },
      },
    ],
  },
});

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Options } from "prettier";

interface Reply {
  id: number;
  text?: string;
  error?: string;
}

/** Formats many sources on worker threads, one per core, and returns the results in order. */
export async function formatInWorkers(sources: string[], options: Options): Promise<string[]> {
  const size = Math.max(1, Math.min(availableParallelism(), sources.length));
  const workers = Array.from(
    { length: size },
    () => new Worker(new URL("./format-worker.js", import.meta.url)),
  );
  const results: string[] = new Array<string>(sources.length);
  let next = 0;
  try {
    // Largest first, so the last job to start is a small one and the workers finish together.
    const order = sources.map((_, i) => i).sort((a, b) => sources[b]!.length - sources[a]!.length);
    await Promise.all(
      workers.map(async (worker) => {
        while (next < order.length) {
          const id = order[next++]!;
          results[id] = await formatOne(worker, id, sources[id]!, options);
        }
      }),
    );
    return results;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function formatOne(worker: Worker, id: number, source: string, options: Options): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: Reply): void => {
      if (reply.id !== id) return;
      worker.off("message", onMessage);
      worker.off("error", reject);
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve(reply.text!);
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
    worker.postMessage({ id, source, options });
  });
}

import { Worker } from "node:worker_threads";
import type { ConsensusInput } from "@/lib/domain/consensus";
import type { ComputedModelChoice } from "@/lib/server/reviews/model-choice";

/**
 * The thread's heap cap. The worker process runs with a 128 MB heap (worker-heap.ts) and its loops must keep
 * running meanwhile; the choice on 100k reviews holds the votes, their index and two fits.
 */
const THREAD_MAX_OLD_SPACE_MB = 512;

/**
 * Runs the model choice (two fits per run, about 10 s on 100k reviews) in a thread of its own, so that the worker's
 * event loop, which keeps the payout lease alive, never waits for it. One thread per choice: choices are rare, and
 * the thread's memory goes back when it ends. An abort ends the thread at once.
 */
export function chooseModelsInThread(inputs: ConsensusInput[], options: { signal?: AbortSignal } = {}): Promise<ComputedModelChoice[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./tsx-thread.mjs", import.meta.url), {
      workerData: { entry: new URL("./model-choice-thread.ts", import.meta.url).href, inputs },
      resourceLimits: { maxOldGenerationSizeMb: THREAD_MAX_OLD_SPACE_MB },
    });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      finish();
    };
    const onAbort = () => {
      settle(() => reject(new Error("the model choice was aborted")));
      void worker.terminate();
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (choices: ComputedModelChoice[]) => settle(() => resolve(choices)));
    worker.once("error", (error) => settle(() => reject(error)));
    worker.once("exit", (code) => settle(() => reject(new Error(`the model-choice thread exited with code ${code} before answering`))));
  });
}

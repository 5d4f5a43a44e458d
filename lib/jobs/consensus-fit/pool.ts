import Tinypool from "tinypool";
import type { FitSummary } from "@/lib/server/reviews/consensus-fit";

/**
 * A fit holds every review of its campaign, their index and six Dawid-Skene fits at once; a million reviews need well
 * over the worker process's own small heap.
 */
const THREAD_MAX_OLD_SPACE_MB = 3072;

/**
 * One thread for consensus fits, kept while fits keep coming and ended after a minute without one (its heap goes
 * back). One at a time: a fit is CPU-bound, and the worker's other loops and the web server need the other core.
 */
export function createFitPool(): { run: (campaignId: string, signal?: AbortSignal) => Promise<FitSummary | null>; destroy: () => Promise<void> } {
  const pool = new Tinypool({
    filename: new URL("./thread.mjs", import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: THREAD_MAX_OLD_SPACE_MB },
    // lib/server imports "server-only", which only the react-server condition resolves to an empty module.
    execArgv: ["--conditions=react-server"],
  });
  return {
    run: (campaignId, signal) => pool.run({ campaignId }, signal ? { signal } : {}),
    destroy: () => pool.destroy(),
  };
}

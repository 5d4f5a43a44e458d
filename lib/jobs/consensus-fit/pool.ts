import Tinypool from "tinypool";
import type { FitSummary } from "@/lib/server/reviews/consensus-fit";

/**
 * A fit holds every review of its campaign in columns, their index and its Dawid-Skene fits, and the process keeps the
 * columns of the campaigns it fitted last for the next fit (cached-campaign-reviews.ts): a million reviews need far
 * more than the worker process's own capped heap (worker-heap.ts).
 */
const FIT_MAX_OLD_SPACE_MB = 3072;

/**
 * One process for consensus fits, kept while fits keep coming and ended after a minute without one (its memory, the
 * kept columns with it, goes back). A child process, not a thread: a thread cannot have a larger heap than the --max-old-space-size its parent
 * was started with (that flag overrides a Worker's resourceLimits). One fit at a time: a fit is CPU-bound, and the
 * worker's other loops and the web server need the other core.
 */
export function createFitPool(): { run: (campaignId: string, signal?: AbortSignal) => Promise<FitSummary | null>; destroy: () => Promise<void> } {
  const nodeOptions = (process.env.NODE_OPTIONS ?? "").replace(/--max-old-space-size=\d+/g, "").trim();
  const pool = new Tinypool({
    runtime: "child_process",
    filename: new URL("./entry.mjs", import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
    // lib/server imports "server-only", which only the react-server condition resolves to an empty module.
    execArgv: ["--conditions=react-server", `--max-old-space-size=${FIT_MAX_OLD_SPACE_MB}`],
    env: Object.fromEntries(Object.entries({ ...process.env, NODE_OPTIONS: nodeOptions }).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  // Tinypool rejects a running fit whose child dies (the fitter logs it and fits again) but reports an idle child's
  // death, such as the process group's SIGTERM reaching it first at shutdown, only as this event; unheard, it would
  // crash the worker. The pool starts a new child for the next fit either way.
  pool.on("error", () => undefined);
  return {
    run: (campaignId, signal) => pool.run({ campaignId }, signal ? { signal } : {}),
    destroy: () => pool.destroy(),
  };
}

// The purchase indexer loop: reads Purchased events into Purchase rows and revenue payouts (index-purchases.ts), one
// step after another, backing off on errors; it never exits on its own. Runs in the worker process beside the payout
// worker, so revenue rows it writes are paid by the next batch.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { PublicClient } from "viem";
import { backoffDelay } from "@/lib/domain/payouts/backoff";
import { indexPurchases } from "@/lib/server/datasets/index-purchases";

export type PurchaseIndexerOptions = { publicClient: PublicClient; pollMs: number; backoffMaxMs: number; log: (message: string) => void; signal: AbortSignal };

export async function runPurchaseIndexer({ publicClient, pollMs, backoffMaxMs, log, signal }: PurchaseIndexerOptions): Promise<void> {
  let failures = 0;
  let lastIdle = "";
  while (!signal.aborted) {
    let delay = pollMs;
    try {
      const step = await indexPurchases(publicClient);
      if (failures > 0) log("purchase indexer recovered");
      failures = 0;
      if ("idle" in step) {
        if (step.idle !== lastIdle) log(`purchase indexer: ${step.idle}`);
        lastIdle = step.idle;
      } else {
        lastIdle = "";
        delay = 0;
        if (step.reset) log("purchase indexer: the chain no longer has the cursor's block (reset or reorganised); re-reading from the registry's deployment");
        if (step.recorded > 0) log(`purchase indexer: ${step.recorded} purchase(s) credited in blocks ${step.fromBlock}-${step.toBlock}`);
        for (const ignored of step.ignored) log(`purchase indexer: ignored ${ignored.txHash}#${ignored.logIndex}: ${ignored.reason}`);
      }
    } catch (error) {
      failures++;
      delay = backoffDelay(failures, { baseMs: Math.min(Math.max(pollMs, 100), 1_000), capMs: backoffMaxMs });
      log(`purchase indexer: ${error instanceof Error ? error.message.split("\n")[0] : String(error)} Retrying in ${delay} ms (failure ${failures}).`);
    }
    // An abort ends the pause early; that rejection is the signal to stop, not an error.
    if (delay > 0) await sleep(delay, undefined, { signal }).catch(() => undefined);
  }
}

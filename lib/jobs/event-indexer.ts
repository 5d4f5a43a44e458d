// An on-chain event indexer's loop (lib/server/chain/index-events.ts): one step after another, backing off on errors;
// it never exits on its own. The worker process runs one per contract whose events it credits (purchases of the
// dataset registry, stakes and bonds of the review escrow), beside the payout worker, so the rows they write are paid
// by its next batch.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelay } from "@/lib/domain/payouts/backoff";
import type { IndexStep } from "@/lib/server/chain/index-events";

export type EventIndexerOptions = {
  /** Names the loop in its log lines ("purchase indexer"). */
  name: string;
  /** What one credited event is called in a log line ("purchase(s)"). */
  unit: string;
  step: () => Promise<IndexStep>;
  pollMs: number;
  backoffMaxMs: number;
  log: (message: string) => void;
  signal: AbortSignal;
};

export async function runEventIndexer({ name, unit, step: runStep, pollMs, backoffMaxMs, log, signal }: EventIndexerOptions): Promise<void> {
  let failures = 0;
  let lastIdle = "";
  while (!signal.aborted) {
    let delay = pollMs;
    try {
      const step = await runStep();
      if (failures > 0) log(`${name} recovered`);
      failures = 0;
      if ("idle" in step) {
        if (step.idle !== lastIdle) log(`${name}: ${step.idle}`);
        lastIdle = step.idle;
      } else {
        lastIdle = "";
        delay = 0;
        if (step.reset) log(`${name}: the chain no longer has the cursor's block (reset or reorganised); re-reading from the contract's deployment`);
        if (step.recorded > 0) log(`${name}: ${step.recorded} ${unit} credited in blocks ${step.fromBlock}-${step.toBlock}`);
        for (const ignored of step.ignored) log(`${name}: ignored ${ignored.txHash}#${ignored.logIndex}: ${ignored.reason}`);
      }
    } catch (error) {
      failures++;
      delay = backoffDelay(failures, { baseMs: Math.min(Math.max(pollMs, 100), 1_000), capMs: backoffMaxMs });
      log(`${name}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)} Retrying in ${delay} ms (failure ${failures}).`);
    }
    // An abort ends the pause early; that rejection is the signal to stop, not an error.
    if (delay > 0) await sleep(delay, undefined, { signal }).catch(() => undefined);
  }
}

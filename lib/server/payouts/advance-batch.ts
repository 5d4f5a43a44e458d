import "server-only";
import { isFinalBatchState } from "@/lib/domain/payouts/batch-state";
import { decideBatchAction } from "@/lib/domain/payouts/recovery";
import { loadBatch } from "./load-batch";
import { observeBatch } from "./observe-batch";
import type { PayoutContext } from "./payout-context";
import { replaceStuck } from "./replace-transaction";
import { markSent, sendRecorded } from "./send-transaction";
import { abandonLive, confirmPaid, markMined, reopenBatch } from "./settle-batch";
import { signAndSend } from "./sign-batch";

export type AdvanceResult = "final" | "awaiting-confirmations" | "in-flight";

/** Enough for sign -> send -> mined -> confirmed plus a recovery detour, without spinning on a refusing node. */
const MAX_STEPS = 8;

/**
 * Moves one open batch as far as the chain allows now: look at the chain, decide (lib/domain/payouts/recovery.ts),
 * act, look again. Used identically for a batch just recorded and one found after a crash.
 */
export async function advanceBatch(ctx: PayoutContext, batchId: string): Promise<AdvanceResult> {
  for (let step = 0; step < MAX_STEPS; step++) {
    const batch = await loadBatch(batchId);
    if (isFinalBatchState(batch.state)) return "final";
    const seen = await observeBatch(ctx, batch);
    const action = decideBatchAction(seen.observation);
    let progressed = true;
    switch (action.kind) {
      case "confirm":
        await confirmPaid(ctx, batch, seen.paying!, Number(seen.observation.headBlock - seen.observation.paidAtBlock! + 1n));
        return "final";
      case "await-confirmations":
        if (batch.state !== "MINED") await markMined(ctx, batch, seen.paying!, action.have);
        return "awaiting-confirmations";
      case "wait":
        return "in-flight";
      case "sign":
        progressed = await signAndSend(ctx, batch);
        break;
      case "broadcast":
        progressed = await sendRecorded(ctx, batch, seen.live!);
        break;
      case "mark-sent":
        await markSent(ctx, batch, seen.live!);
        break;
      case "bump":
        progressed = await replaceStuck(ctx, batch, seen.live!);
        break;
      case "reopen":
        await reopenBatch(ctx, batch);
        break;
      case "abandon":
        await abandonLive(ctx, batch, seen.live!, seen.receipt, action.reason);
        break;
    }
    if (!progressed) return "in-flight";
  }
  return "in-flight";
}

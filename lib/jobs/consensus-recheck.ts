import { abortableSleep } from "./abortable-sleep";
import { campaignsToRecheck, recheckCampaign } from "@/lib/server/reviews/recheck-decisions";

/**
 * The worker's loop that re-checks, once per campaign, the samples accepted under an older decision rule (see
 * recheck-decisions.ts). A failure is logged and retried at the next poll; an abort stops it between campaigns.
 */
export async function runConsensusRecheck(options: { pollMs: number; log: (message: string) => void; signal: AbortSignal }): Promise<void> {
  const { pollMs, log, signal } = options;
  while (!signal.aborted) {
    try {
      for (const campaignId of await campaignsToRecheck()) {
        if (signal.aborted) break;
        const flagged = await recheckCampaign(campaignId);
        if (flagged !== null) log(`consensus: campaign ${campaignId} re-checked under the calibrated rule, ${flagged} accepted sample(s) flagged for review`);
      }
    } catch (error) {
      log(`consensus: re-check failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
    await abortableSleep(pollMs, signal);
  }
}

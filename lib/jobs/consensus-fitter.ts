import { abortableSleep } from "./abortable-sleep";
import type { FitSummary } from "@/lib/server/reviews/consensus-fit";
import { campaignsDueForFit } from "@/lib/server/reviews/fit-schedule";

/**
 * The worker's consensus fitter: every poll, refits each campaign whose snapshot is due (debounced: enough new votes,
 * or new votes waiting long enough), one at a time, off the event loop (`fit` runs the job in a child process, see
 * consensus-fit/pool.ts). Its state is the database: the snapshot and the reviews since. Two workers may fit the same
 * campaign; the first to finish writes its snapshot and the other's is dropped. A failed or killed fit writes nothing
 * and is redone at the next poll.
 */
export async function runConsensusFitter(options: {
  pollMs: number;
  log: (message: string) => void;
  signal: AbortSignal;
  fit: (campaignId: string, signal: AbortSignal) => Promise<FitSummary | null>;
}): Promise<void> {
  const { pollMs, log, signal, fit } = options;
  while (!signal.aborted) {
    try {
      for (const campaignId of await campaignsDueForFit()) {
        if (signal.aborted) break;
        const summary = await fit(campaignId, signal);
        if (summary) log(describeFit(summary));
      }
    } catch (error) {
      if (signal.aborted) break;
      log(`consensus fit failed, retrying at the next poll: ${error instanceof Error ? error.message : String(error)}`);
    }
    await abortableSleep(pollMs, signal);
  }
}

function describeFit(s: FitSummary): string {
  if (s.version === null) return `consensus: campaign ${s.campaignId} fitted by another worker first; this fit dropped`;
  return (
    `consensus: campaign ${s.campaignId} snapshot v${s.version} over ${s.reviews} reviews and ${s.goldItems} gold items, decision margin ${s.decisionMargin.toFixed(2)} log-odds ` +
    `(fit ${Math.round(s.fitMs)} ms, in all ${Math.round(s.totalMs)} ms); ${s.decided} waiting decided, ${s.escalationsDecided} escalations decided, ${s.flagged} reversals flagged, ${s.belowFloor} below the floor`
  );
}

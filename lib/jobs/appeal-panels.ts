import { abortableSleep } from "./abortable-sleep";
import { advancePanels } from "@/lib/server/trust/advance-panels";

/**
 * The worker's loop over appeal panels (advance-panels.ts): escalated samples to campaign-funded panels, panels that
 * could not be seated yet, panels whose votes are in. A failure is logged and retried at the next poll.
 */
export async function runAppealPanels(options: { pollMs: number; log: (message: string) => void; signal: AbortSignal }): Promise<void> {
  const { pollMs, log, signal } = options;
  while (!signal.aborted) {
    try {
      const step = await advancePanels();
      if (step.escalated + step.seated + step.released + step.decided > 0) {
        log(`panels: ${step.escalated} escalated sample(s) to a campaign panel, ${step.seated} panel(s) seated, ${step.released} idle seat(s) given to another reviewer, ${step.decided} decided`);
      }
    } catch (error) {
      log(`panels: step failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
    await abortableSleep(pollMs, signal);
  }
}

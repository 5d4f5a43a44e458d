// The worker's slasher: records the findings staked reviewers' gold records make (lib/server/trust/slash-findings.ts)
// and slashes each exactly once through ReviewEscrow.slash (lib/server/trust/slash-stakes.ts). Errors back off and the
// loop carries on; an abort stops it between steps.
import { abortableSleep } from "./abortable-sleep";
import "server-only";
import { backoffDelay } from "@/lib/domain/payouts/backoff";
import { recordSlashFindings } from "@/lib/server/trust/slash-findings";
import { advanceSlashes, SlashBlockedError, type SlashContext } from "@/lib/server/trust/slash-stakes";

export type SlasherOptions = SlashContext & { pollMs: number; backoffMaxMs: number; signal: AbortSignal };

/** One pass: record new findings, then move every open one forward. */
export async function slashOnce(ctx: SlashContext): Promise<{ found: number; slashed: number; open: number }> {
  const found = await recordSlashFindings();
  for (const { key, finding } of found) {
    const measured =
      finding.kind === "below-gold-floor"
        ? `${finding.goldCorrect} of ${finding.goldAnswers} gold answers right`
        : finding.kind === "collusion"
          ? `wrong together with ${finding.partnerIds.length} other reviewer(s) on ${finding.sharedWrong} of ${finding.sharedJudged} judged items`
          : `removed at reliability ${finding.reliability.toFixed(2)}`;
    ctx.log(`slash ${key}: found (${measured}, floor ${finding.floor})`);
  }
  const { slashed, open } = await advanceSlashes(ctx);
  return { found: found.length, slashed, open };
}

export async function runSlasher(options: SlasherOptions): Promise<void> {
  const { signal, log } = options;
  let failures = 0;
  while (!signal.aborted) {
    let delay = options.pollMs;
    try {
      await slashOnce(options);
      if (failures > 0) log("slasher: recovered");
      failures = 0;
    } catch (error) {
      failures++;
      delay = backoffDelay(failures, { baseMs: Math.max(options.pollMs, 100), capMs: options.backoffMaxMs });
      const message = error instanceof SlashBlockedError ? error.message : `slasher: ${error instanceof Error ? error.message : String(error)}`;
      log(`${message} Retrying in ${delay} ms (failure ${failures}).`);
    }
    await abortableSleep(delay, signal);
  }
}

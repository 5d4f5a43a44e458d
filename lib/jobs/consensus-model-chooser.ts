// The consensus model chooser loop: for each open campaign whose evidence has grown enough (modelChoiceAction), gold
// chooses the model of its consensus runs again and the choice is stored for the verdicts to use. Runs in the worker
// process; the choice itself runs in a thread (choose-in-thread.ts), so the payout worker's lease never waits on it.
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { clearModelChoice, dueModelChoices, refreshModelChoice, type ModelChooser } from "@/lib/server/reviews/model-choice";
import type { StoredModelChoices } from "@/lib/server/reviews/stored-model-choice";
import { chooseModelsInThread } from "./choose-in-thread";

export type ModelChooserOptions = { pollMs: number; log: (message: string) => void; signal: AbortSignal; choose?: ModelChooser };

/** A campaign whose choice failed (a thread out of memory, say) is tried again after this, not on every poll. */
const RETRY_AFTER_MS = 10 * 60 * 1000;

export async function runConsensusModelChooser({ pollMs, log, signal, choose }: ModelChooserOptions): Promise<void> {
  const chooser: ModelChooser = choose ?? ((inputs) => chooseModelsInThread(inputs, { signal }));
  const failedAt = new Map<string, number>();
  while (!signal.aborted) {
    try {
      for (const due of await dueModelChoices()) {
        if (signal.aborted) break;
        if (Date.now() - (failedAt.get(due.campaignId) ?? -Infinity) < RETRY_AFTER_MS) continue;
        try {
          if (due.action === "clear") {
            await clearModelChoice(due.campaignId);
            log(`consensus models: campaign ${due.campaignId} has no gold left, back to Dawid-Skene`);
          } else {
            log(`consensus models: campaign ${due.campaignId}: ${describe(await refreshModelChoice(due.campaignId, chooser))}`);
          }
          failedAt.delete(due.campaignId);
        } catch (error) {
          if (signal.aborted) break;
          failedAt.set(due.campaignId, Date.now());
          log(`consensus models: campaign ${due.campaignId} failed, tried again in ${RETRY_AFTER_MS / 60_000} min: ${message(error)}`);
        }
      }
    } catch (error) {
      log(`consensus models: ${message(error).split("\n")[0]}`);
    }
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
}

function describe(choices: StoredModelChoices): string {
  return (["verdict", "label"] as const)
    .flatMap((run) => {
      const c = choices[run];
      return c ? [`${run} run ${c.model} (evidence ${c.evidence.toFixed(2)} nats, ${c.goldItems} gold items, ${c.reviews} reviews)`] : [];
    })
    .join("; ") || "no run has gold answers";
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

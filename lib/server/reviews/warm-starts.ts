import "server-only";
import type { ItemBiasState } from "@/lib/domain/consensus";

/**
 * The last item-bias fit of each recently judged campaign run, kept in this process to start the next verdict's fit
 * from: between two verdicts a campaign gains a vote, and EM from the previous optimum needs a third of the
 * iterations of a cold start (bench:consensus, `item_bias_*_warm_*`). Only a cache: a restart, or a campaign pushed
 * out by newer ones, costs one cold fit. A state is about 1 MB per 100k reviews.
 */
const MAX_RUNS = 16;
const states = new Map<string, ItemBiasState>();

export function warmStartOf(campaignId: string, run: "verdict" | "label"): ItemBiasState | undefined {
  return states.get(`${campaignId}:${run}`);
}

export function rememberWarmStart(campaignId: string, run: "verdict" | "label", state: ItemBiasState | null | undefined): void {
  const key = `${campaignId}:${run}`;
  states.delete(key);
  if (!state) return;
  states.set(key, state);
  // Map iteration is insertion order: the first key is the least recently fitted.
  if (states.size > MAX_RUNS) states.delete(states.keys().next().value!);
}

import "server-only";
import { usableWarmStart, type ItemBiasState } from "@/lib/domain/consensus";
import type { ConsensusRun } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/server/db";

/**
 * The last item-bias fit of each recently judged campaign run, to start the next verdict's fit from: between two
 * verdicts a campaign gains a vote, and EM from the previous optimum needs about a quarter of a cold start's
 * iterations (bench:consensus-warm: over 100k reviews, 52 instead of the cap of 200, 0.7 s instead of 2-3 s). Kept in
 * this process (the last 16 runs) and, at most every `SAVE_EVERY_MS` per run, in ConsensusWarmStart, so that a
 * restarted process starts warm too: a state up to a few dozen votes behind is as good as the last one; one a hundred
 * votes behind is no better than a cold start. Only a cache: a failed read or write costs one cold fit, never a verdict.
 */
const MAX_RUNS = 16;
const SAVE_EVERY_MS = 10_000;
type Run = "verdict" | "label";
const RUN: Record<Run, ConsensusRun> = { verdict: "VERDICT", label: "LABEL" };

const states = new Map<string, ItemBiasState>();
const savedAt = new Map<string, number>();

/** This process's state of the run, else the stored one; undefined if neither (or the stored one is unreadable). */
export async function warmStartOf(campaignId: string, run: Run): Promise<ItemBiasState | undefined> {
  const kept = states.get(`${campaignId}:${run}`);
  if (kept) return kept;
  try {
    const row = await db.consensusWarmStart.findUnique({ where: { campaignId_run: { campaignId, run: RUN[run] } }, select: { state: true } });
    if (!row) return undefined;
    const state = JSON.parse(Buffer.from(row.state).toString("utf8")) as ItemBiasState;
    // Throws on a state that does not describe a fit (a truncated or foreign blob): then it is not used.
    usableWarmStart(state, state.classes, state.goldReliability !== null);
    return state;
  } catch {
    return undefined;
  }
}

/** Keeps the fit's state (none: the run is not item-bias, and any kept state is dropped). */
export async function rememberWarmStart(campaignId: string, run: Run, state: ItemBiasState | null | undefined, now = Date.now()): Promise<void> {
  const key = `${campaignId}:${run}`;
  states.delete(key);
  if (!state) return;
  states.set(key, state);
  // Map iteration is insertion order: the first key is the least recently fitted.
  if (states.size > MAX_RUNS) {
    const oldest = states.keys().next().value!;
    states.delete(oldest);
    savedAt.delete(oldest);
  }
  if (now - (savedAt.get(key) ?? -Infinity) < SAVE_EVERY_MS) return;
  savedAt.set(key, now);
  try {
    const bytes = Buffer.from(JSON.stringify(state), "utf8");
    await db.consensusWarmStart.upsert({
      where: { campaignId_run: { campaignId, run: RUN[run] } },
      create: { campaignId, run: RUN[run], state: bytes, savedAt: new Date(now) },
      update: { state: bytes, savedAt: new Date(now) },
    });
  } catch {
    // A campaign deleted meanwhile, or a busy database: the next save, or a cold fit, makes up for it.
  }
}

/** Forgets what this process keeps, as a restart does (tests). */
export function forgetWarmStarts(): void {
  states.clear();
  savedAt.clear();
}

import "server-only";
import { randomUUID } from "node:crypto";
import { escrowBondKey } from "@/lib/chain/review-escrow";
import { db } from "@/lib/server/db";
import { decideSample } from "@/lib/server/reviews/decide-sample";
import { reviewTransaction } from "@/lib/server/reviews/unique-violation";
import { sampleOnceKey } from "./appeals";
import { releaseIdleSeats } from "./release-seats";
import { seatPanel } from "./seat-panel";

/** Samples (and appeals) looked at per step: a step stays short; the next poll takes the rest. */
const BATCH = 20;

export type PanelStep = { escalated: number; seated: number; released: number; decided: number };

class NotSeated extends Error {}

/**
 * The worker's panel step, idempotent and safe to run from any number of workers (every write is a compare-and-set
 * or behind a unique key):
 * - a sample left undecided at k_max, once a background fit read after its escalation could not decide it either,
 *   goes to a panel funded by the campaign (an appeal of kind "escalation", no bond), created only together with its
 *   seated panel, so it stays on the admins' Escalated list while too few
 *   reviewers are eligible;
 * - an open appeal whose panel could not be seated when its bond was credited is seated when it can be;
 * - a seat whose panelist skipped the sample or did not vote in time goes to the next eligible reviewer;
 * - a sitting panel whose votes are all in but undecided (a crash between the last vote and its decision) is decided
 *   again.
 */
export async function advancePanels(now = new Date()): Promise<PanelStep> {
  const step: PanelStep = { escalated: 0, seated: 0, released: 0, decided: 0 };
  const escalated = await db.sample.findMany({
    where: { status: "ESCALATED", appeals: { none: {} }, goldItem: null },
    orderBy: [{ decidedAt: "asc" }, { id: "asc" }],
    take: BATCH,
    select: { id: true, contributorId: true, decidedAt: true, campaign: { select: { consensusSnapshot: { select: { fittedAt: true } } } } },
  });
  // A model that has seen more of the campaign may settle an escalation for free (the fitter's reconcile tries each
  // fit, consensus-fit.ts): a panel is paid for only once a fit read after the escalation could not decide it.
  const triedByAFit = escalated.filter((s) => s.decidedAt !== null && (s.campaign.consensusSnapshot?.fittedAt ?? new Date(0)) > s.decidedAt);
  for (const sample of triedByAFit) if (await openEscalationPanel(sample, now)) step.escalated++;

  const unseated = await db.appeal.findMany({ where: { state: "OPEN", round: 0 }, orderBy: { openedAt: "asc" }, take: BATCH, select: { id: true } });
  for (const appeal of unseated) if (await reviewTransaction((tx) => seatPanel(tx, appeal.id, 1, now))) step.seated++;

  step.released = await releaseIdleSeats(now);

  const sitting = await db.appeal.findMany({ where: { state: "OPEN", round: { gt: 0 } }, orderBy: { openedAt: "asc" }, take: BATCH * 5, select: { sampleId: true, sample: { select: { requiredReviews: true, _count: { select: { reviews: true } } } } } });
  for (const appeal of sitting) {
    if (appeal.sample._count.reviews < appeal.sample.requiredReviews) continue;
    if (await decideSample(appeal.sampleId, { now })) step.decided++;
  }
  return step;
}

async function openEscalationPanel(sample: { id: string; contributorId: string }, now: Date): Promise<boolean> {
  try {
    await reviewTransaction(async (tx) => {
      const id = randomUUID();
      // The sample may have been resolved by an admin since it was read: only a still-escalated one gets a panel.
      const still = await tx.sample.count({ where: { id: sample.id, status: "ESCALATED" } });
      if (still !== 1) throw new NotSeated();
      await tx.appeal.create({
        data: { id, kind: "escalation", sampleId: sample.id, onceKey: sampleOnceKey(sample.id), appellantId: sample.contributorId, bondWei: "0", bondKey: escrowBondKey(id), state: "OPEN", openedAt: now, appealedStatus: "ESCALATED", createdAt: now },
      });
      if (!(await seatPanel(tx, id, 1, now))) throw new NotSeated();
    });
    return true;
  } catch (error) {
    if (error instanceof NotSeated) return false;
    // Another worker opened it first (the sample's once-key).
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

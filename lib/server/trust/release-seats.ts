import "server-only";
import { choosePanel, seatRelease } from "@/lib/domain/trust/panel-rules";
import { db } from "@/lib/server/db";
import { reviewTransaction } from "@/lib/server/reviews/unique-violation";
import { excludedReviewerIds, panelCandidates, tieBreak } from "./seat-panel";

/** Seats looked at per step. */
const BATCH = 50;

class KeepSeat extends Error {}

/**
 * Gives the seats of sitting panels whose panelist skipped the sample, or has not voted within PANEL_SEAT_HOURS, to
 * the next eligible reviewer (seatRelease in panel-rules.ts), so that no appeal waits for good on someone who left.
 * Each release is one transaction behind a compare-and-set on the seat: it is released once and replaced by one new
 * seat of the same round, chosen as the panel was. While nobody else is eligible the seat stands (a late vote still
 * counts). Returns how many seats changed hands.
 */
export async function releaseIdleSeats(now: Date): Promise<number> {
  const seats = await db.panelSeat.findMany({
    where: { releasedAt: null, appeal: { state: "OPEN", round: { gt: 0 } } },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, appealId: true, round: true, reviewerId: true, createdAt: true, appeal: { select: { round: true, sampleId: true } } },
  });
  let released = 0;
  for (const seat of seats) {
    if (seat.round !== seat.appeal.round) continue;
    const [voted, assignment] = await Promise.all([
      db.review.count({ where: { sampleId: seat.appeal.sampleId, reviewerId: seat.reviewerId } }),
      db.reviewAssignment.findUnique({ where: { sampleId_reviewerId: { sampleId: seat.appeal.sampleId, reviewerId: seat.reviewerId } }, select: { status: true, leaseExpiresAt: true } }),
    ]);
    const reason = seatRelease(
      {
        seatedAt: seat.createdAt,
        voted: voted > 0,
        skipped: assignment?.status === "SKIPPED",
        holdsLiveLease: assignment?.status === "LEASED" && assignment.leaseExpiresAt > now,
      },
      now,
    );
    if (reason && (await replaceSeat(seat, reason, now))) released++;
  }
  return released;
}

async function replaceSeat(seat: { id: string; appealId: string; round: number; reviewerId: string; appeal: { sampleId: string } }, reason: "skipped" | "timed-out", now: Date): Promise<boolean> {
  try {
    return await reviewTransaction(async (tx) => {
      const sample = await tx.sample.findUniqueOrThrow({ where: { id: seat.appeal.sampleId }, select: { id: true, campaignId: true, contributorId: true, campaign: { select: { reviewStakeWei: true } } } });
      const taken = await tx.panelSeat.updateMany({ where: { id: seat.id, releasedAt: null }, data: { releasedAt: now, releaseReason: reason } });
      if (taken.count !== 1) return false;
      // An expired lease of the released panelist holds no slot; their SKIPPED row stays, so the queue never serves
      // them the sample again.
      await tx.reviewAssignment.deleteMany({ where: { sampleId: sample.id, reviewerId: seat.reviewerId, status: "LEASED" } });
      const excluded = await excludedReviewerIds(tx, seat.appealId, sample);
      const candidates = await panelCandidates(tx, sample.campaignId, BigInt(sample.campaign.reviewStakeWei));
      const chosen = choosePanel(candidates, excluded, 1, (reviewerId) => tieBreak(sample.id, reviewerId));
      if (!chosen) throw new KeepSeat();
      await tx.panelSeat.create({ data: { appealId: seat.appealId, round: seat.round, reviewerId: chosen[0]!, createdAt: now } });
      await tx.auditEvent.create({ data: { action: "appeal.seat-released", subject: `appeal:${seat.appealId}`, details: { round: seat.round, reason, released: seat.reviewerId, seated: chosen[0]! } } });
      return true;
    });
  } catch (error) {
    if (error instanceof KeepSeat) return false;
    throw error;
  }
}

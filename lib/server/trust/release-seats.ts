import "server-only";
import { choosePanel, seatRelease } from "@/lib/domain/trust/panel-rules";
import { db } from "@/lib/server/db";
import { reviewTransaction } from "@/lib/server/reviews/unique-violation";
import { excludedReviewerIds, panelCandidates, tieBreak } from "./seat-panel";

/** Seats whose votes and leases are read in one query. */
const CHUNK = 200;

class KeepSeat extends Error {}

/**
 * Gives the seats of sitting panels whose panelist skipped the sample, or has not voted within PANEL_SEAT_HOURS, to
 * the next eligible reviewer (seatRelease in panel-rules.ts), so that no appeal waits for good on someone who left.
 * Every seat of a sitting round is looked at each step (a seat that voted stays unreleased until its appeal closes, so
 * a fixed batch of the oldest could hide the idle ones for good); their votes and leases are read a chunk at a time.
 * Each release is one transaction behind a compare-and-set on the seat: it is released once and replaced by one new
 * seat of the same round, chosen as the panel was. While nobody else is eligible the seat stands (a late vote still
 * counts). Returns how many seats changed hands.
 */
export async function releaseIdleSeats(now: Date): Promise<number> {
  const seats = await db.panelSeat.findMany({
    where: { releasedAt: null, OR: [1, 2].map((round) => ({ round, appeal: { state: "OPEN" as const, round } })) },
    orderBy: { createdAt: "asc" },
    select: { id: true, appealId: true, round: true, reviewerId: true, createdAt: true, appeal: { select: { sampleId: true } } },
  });
  let released = 0;
  for (let i = 0; i < seats.length; i += CHUNK) {
    const chunk = seats.slice(i, i + CHUNK);
    const pairs = chunk.map((s) => ({ sampleId: s.appeal.sampleId, reviewerId: s.reviewerId }));
    const [votes, assignments] = await Promise.all([
      db.review.findMany({ where: { OR: pairs }, select: { sampleId: true, reviewerId: true } }),
      db.reviewAssignment.findMany({ where: { OR: pairs }, select: { sampleId: true, reviewerId: true, status: true, leaseExpiresAt: true } }),
    ]);
    const key = (p: { sampleId: string; reviewerId: string }) => `${p.sampleId}:${p.reviewerId}`;
    const voted = new Set(votes.map(key));
    const held = new Map(assignments.map((a) => [key(a), a]));
    for (const seat of chunk) {
      const pair = { sampleId: seat.appeal.sampleId, reviewerId: seat.reviewerId };
      const assignment = held.get(key(pair));
      const reason = seatRelease(
        {
          seatedAt: seat.createdAt,
          voted: voted.has(key(pair)),
          skipped: assignment?.status === "SKIPPED",
          holdsLiveLease: assignment?.status === "LEASED" && assignment.leaseExpiresAt > now,
        },
        now,
      );
      if (reason && (await replaceSeat(seat, reason, now))) released++;
    }
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

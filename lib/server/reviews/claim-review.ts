import "server-only";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { directConnection, isSqliteUniqueViolation, newRowId, writeTransaction, type DirectConnection } from "@/lib/server/sqlite-direct";
import { goldRateFor } from "@/lib/domain/trust/farm-rules";
import { newcomerCampaignIds, reviewableCampaignIdsOf } from "./reviewer-access";
import {
  deleteAssignment,
  deleteExpiredLeases,
  heldLease,
  insertLease,
  nextOpenSample,
  quizShownSampleIds,
  reviewerRows,
  takenSlots,
  taskRow,
  topSlot,
  unseenGoldSampleIds,
} from "./review-rows";
import { toReviewTask, type ReviewTask } from "./review-task";

export type ClaimOptions = {
  /** Review only this campaign; by default every open campaign the user reviews, oldest first. */
  campaignId?: string;
  now?: Date;
  /** For the gold draw; tests pass a fixed one. */
  random?: () => number;
};

/** The unique indexes are a backstop: should one ever refuse a lease, the claim looks again, a few times. */
const MAX_ATTEMPTS = 8;

/**
 * Gives a reviewer one sample to review and reserves a review slot of it for `leaseSeconds`. Never their own sample,
 * never one they reviewed or skipped, only samples waiting for review with a free slot (slots in use = verdicts in +
 * live leases, below the sample's requiredReviews). A reviewer who already holds a live lease gets it back, so a
 * reload shows the same sample. Returns null when the queue is empty.
 *
 * The whole claim is one synchronous write transaction, so claims never interleave; the unique indexes on (sample,
 * slot) and (sample, reviewer) remain the database's backstop against a second holder, and a refused insert retries.
 */
export async function claimReview(actor: SessionUser, options: ClaimOptions = {}): Promise<ReviewTask | null> {
  const now = options.now ?? new Date();
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      const assignmentId = await writeTransaction((connection) => claimOnce(connection, actor, options.campaignId, now, random));
      if (assignmentId === null) return null;
      const row = taskRow(directConnection(), assignmentId);
      // Gone between the commit and this read only if its sample was deleted: the queue simply looks again.
      if (row) return toReviewTask(row);
    } catch (error) {
      if (!isSqliteUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** One claim, synchronous, inside one write transaction: returns the lease's id, or null when the queue is empty. */
function claimOnce(connection: DirectConnection, actor: SessionUser, only: string | undefined, now: Date, random: () => number): string | null {
  // A write first: it frees what expired before anything is counted.
  deleteExpiredLeases(connection, now);

  const campaignIds = reviewableCampaignIdsOf(connection, actor, only);
  if (campaignIds.length === 0) {
    if (only) throw new AppError("FORBIDDEN", "You are not a reviewer of this campaign, or it is not open for review.");
    if (!actor.roles.includes("REVIEWER") && !reviewerRows(connection, actor.id).some((r) => r.active)) {
      throw new AppError("FORBIDDEN", "You are not a reviewer yet. Pass a campaign's qualification quiz or ask an admin for the reviewer role.");
    }
    return null;
  }

  const held = heldLease(connection, actor.id, campaignIds);
  if (held) {
    if (held.sampleStatus === "PENDING_REVIEW" || held.gold) return held.id;
    // Decided while held (an admin settled it): the slot is of no use any more.
    deleteAssignment(connection, held.id);
  }

  // Gold measures a reviewer only while they do not know it for gold: never serve what their quiz showed them.
  const shown = quizShownSampleIds(connection, actor.id, campaignIds);
  // Without a record in a campaign, a reviewer takes at most one slot of a sample there and is served more gold.
  const newcomerIn = newcomerCampaignIds(connection, actor, campaignIds);
  const next = nextOpenSample(connection, actor.id, campaignIds, shown, newcomerIn);
  if (!next) return null;
  const newcomer = newcomerIn.includes(next.campaignId);
  const gold = random() < goldRateFor(next.goldRate, !newcomer) ? unseenGold(connection, actor, next.campaignId, shown, newcomer, random) : null;
  const pick = gold ?? { sampleId: next.sampleId, campaignId: next.campaignId, slot: firstFreeSlot(takenSlots(connection, next.sampleId)) };

  const id = newRowId(now.getTime());
  // The newcomer mark counts a sample's one newcomer slot, and a gold item's one newcomer (unseenGoldSampleIds).
  insertLease(connection, { id, ...pick, reviewerId: actor.id, newcomer, leaseExpiresAt: new Date(now.getTime() + next.leaseSeconds * 1000), now });
  return id;
}

function firstFreeSlot(taken: Set<number>): number {
  let slot = 0;
  while (taken.has(slot)) slot++;
  return slot;
}

/**
 * A gold item of the campaign this reviewer has not seen, in the queue or in a quiz. Gold items are served to every
 * reviewer with a record, so their slots are unbounded: the next number after the highest in use. A reviewer without
 * one gets only gold no other newcomer was served: farm wallets comparing what they are served would otherwise find
 * gold as the content more of them see than a sample has slots.
 */
function unseenGold(connection: DirectConnection, actor: SessionUser, campaignId: string, shown: string[], newcomer: boolean, random: () => number): { sampleId: string; campaignId: string; slot: number } | null {
  const candidates = unseenGoldSampleIds(connection, actor.id, campaignId, shown, newcomer);
  if (candidates.length === 0) return null;
  const sampleId = candidates[Math.floor(random() * candidates.length)] ?? candidates[0]!;
  return { sampleId, campaignId, slot: topSlot(connection, sampleId) + 1 };
}

import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/auth/session";
import { reviewableCampaignIds } from "./reviewer-access";
import { REVIEW_TASK_SELECT, toReviewTask, type ReviewTask } from "./review-task";
import { isUniqueViolation, reviewTransaction } from "./unique-violation";

export type ClaimOptions = {
  /** Review only this campaign; by default every open campaign the user reviews, oldest first. */
  campaignId?: string;
  now?: Date;
  /** For the gold draw; tests pass a fixed one. */
  random?: () => number;
};

const CANDIDATE_PAGE = 50;
/** Two claims that pick the same free slot: one wins at the unique index, the other looks again. */
const MAX_ATTEMPTS = 8;

type Tx = Prisma.TransactionClient;

/**
 * Gives a reviewer one sample to review and reserves a review slot of it for `leaseSeconds`. Never their own sample,
 * never one they reviewed or skipped, only samples waiting for review with a free slot (slots in use = verdicts in +
 * live leases, below the sample's requiredReviews). A reviewer who already holds a live lease gets it back, so a
 * reload shows the same sample. Returns null when the queue is empty.
 *
 * The slot is taken by inserting the assignment: the unique index on (sample, slot) makes the database refuse a
 * second holder under any concurrency, and (sample, reviewer) refuses a second serving; a refused insert retries.
 */
export async function claimReview(actor: SessionUser, options: ClaimOptions = {}): Promise<ReviewTask | null> {
  const now = options.now ?? new Date();
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await reviewTransaction((tx) => claimOnce(tx, actor, options.campaignId, now, random));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function claimOnce(tx: Tx, actor: SessionUser, only: string | undefined, now: Date, random: () => number): Promise<ReviewTask | null> {
  // A write first: it frees what expired and, on SQLite, takes the write lock before anything is read.
  await tx.reviewAssignment.deleteMany({ where: { status: "LEASED", leaseExpiresAt: { lte: now } } });

  const campaignIds = await reviewableCampaignIds(tx, actor, only);
  if (campaignIds.length === 0) {
    if (only) throw new AppError("FORBIDDEN", "You are not a reviewer of this campaign, or it is not open for review.");
    if (!actor.roles.includes("REVIEWER") && (await tx.campaignReviewer.count({ where: { userId: actor.id, active: true } })) === 0) {
      throw new AppError("FORBIDDEN", "You are not a reviewer yet. Pass a campaign's qualification quiz or ask an admin for the reviewer role.");
    }
    return null;
  }

  const held = await tx.reviewAssignment.findFirst({
    where: { reviewerId: actor.id, status: "LEASED", campaignId: { in: campaignIds } },
    orderBy: { createdAt: "asc" },
    select: REVIEW_TASK_SELECT,
  });
  if (held) {
    if (held.sample.status === "PENDING_REVIEW" || held.sample.goldItem) return toReviewTask(held);
    // Decided while held (an admin settled it): the slot is of no use any more.
    await tx.reviewAssignment.delete({ where: { id: held.id } });
  }

  const shown = await quizShown(tx, actor, campaignIds);
  const next = await nextOpenSample(tx, actor, campaignIds, shown);
  if (!next) return null;
  const gold = random() < next.goldRate ? await unseenGoldSample(tx, actor, next.campaignId, shown, random) : null;
  const pick = gold ?? next;

  const created = await tx.reviewAssignment.create({
    data: {
      campaignId: pick.campaignId,
      sampleId: pick.sampleId,
      reviewerId: actor.id,
      slot: pick.slot,
      status: "LEASED",
      leaseExpiresAt: new Date(now.getTime() + next.leaseSeconds * 1000),
      createdAt: now,
    },
    select: REVIEW_TASK_SELECT,
  });
  return toReviewTask(created);
}

type Pick = { sampleId: string; campaignId: string; slot: number; goldRate: number; leaseSeconds: number };

/**
 * The samples a reviewer's quiz sittings in these campaigns showed them. Gold measures a reviewer only while they do not
 * know it for gold, so the queue never serves them these (nor, should an admin unmark one, as a normal sample).
 */
async function quizShown(tx: Tx, actor: SessionUser, campaignIds: string[]): Promise<string[]> {
  const sittings = await tx.quizAttempt.findMany({ where: { userId: actor.id, campaignId: { in: campaignIds } }, select: { sampleIds: true } });
  const ids = sittings.flatMap((s) => (Array.isArray(s.sampleIds) ? s.sampleIds.filter((id): id is string => typeof id === "string") : []));
  return [...new Set(ids)];
}

/** Oldest first, so that work already started (and contributors who waited longest) is finished first. */
async function nextOpenSample(tx: Tx, actor: SessionUser, campaignIds: string[], shown: string[]): Promise<Pick | null> {
  for (let skip = 0; ; skip += CANDIDATE_PAGE) {
    const page = await tx.sample.findMany({
      where: {
        id: { notIn: shown },
        campaignId: { in: campaignIds },
        status: "PENDING_REVIEW",
        contributorId: { not: actor.id },
        goldItem: { is: null },
        assignments: { none: { reviewerId: actor.id } },
        reviews: { none: { reviewerId: actor.id } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip,
      take: CANDIDATE_PAGE,
      select: {
        id: true,
        campaignId: true,
        requiredReviews: true,
        campaign: { select: { goldRate: true, leaseSeconds: true } },
        // Expired leases were deleted above, so every LEASED row here is live; SKIPPED rows hold no slot.
        assignments: { where: { status: { in: ["LEASED", "DONE"] } }, select: { slot: true } },
      },
    });
    for (const s of page) {
      const used = new Set(s.assignments.map((a) => a.slot));
      if (used.size >= s.requiredReviews) continue;
      let slot = 0;
      while (used.has(slot)) slot++;
      return { sampleId: s.id, campaignId: s.campaignId, slot, goldRate: s.campaign.goldRate, leaseSeconds: s.campaign.leaseSeconds };
    }
    if (page.length < CANDIDATE_PAGE) return null;
  }
}

/**
 * A gold item of the campaign this reviewer has not seen, in the queue or in a quiz. Gold items are served to every
 * reviewer, so their slots are unbounded: the next number after the highest in use.
 */
async function unseenGoldSample(tx: Tx, actor: SessionUser, campaignId: string, shown: string[], random: () => number): Promise<Pick | null> {
  const candidates = await tx.goldItem.findMany({
    where: {
      campaignId,
      sampleId: { notIn: shown },
      sample: { contributorId: { not: actor.id }, assignments: { none: { reviewerId: actor.id } }, reviews: { none: { reviewerId: actor.id } } },
    },
    select: { sampleId: true, campaign: { select: { goldRate: true, leaseSeconds: true } } },
    take: 100,
  });
  if (candidates.length === 0) return null;
  const chosen = candidates[Math.floor(random() * candidates.length)] ?? candidates[0]!;
  const top = await tx.reviewAssignment.findFirst({ where: { sampleId: chosen.sampleId, slot: { not: null } }, orderBy: { slot: "desc" }, select: { slot: true } });
  return { sampleId: chosen.sampleId, campaignId, slot: (top?.slot ?? -1) + 1, goldRate: chosen.campaign.goldRate, leaseSeconds: chosen.campaign.leaseSeconds };
}

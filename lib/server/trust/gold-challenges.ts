import "server-only";
import { randomUUID } from "node:crypto";
import { getAddress, type Address } from "viem";
import { z } from "zod";
import { escrowBondKey } from "@/lib/chain/review-escrow";
import { isCorrectAnswer } from "@/lib/domain/reviews/quiz";
import { appealWindowEnds } from "@/lib/domain/trust/appeal-rules";
import { goldChallengeOnceKey, goldChallengeRefusal, type GoldChallengeRefusal, type GoldChallengeRequest } from "@/lib/domain/trust/gold-challenge-rules";
import { AppError } from "@/lib/errors";
import { formatData } from "@/lib/format";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";
import { isReviewerOf } from "@/lib/server/reviews/reviewer-access";
import { directConnection } from "@/lib/server/sqlite-direct";
import { chainBalanceOf, filed, type FiledAppeal } from "./appeals";

const ZFileGoldChallenge = z.strictObject({
  goldItemId: z.string().min(1).max(100),
  /** The bond in DATA wei; at least the campaign's minimum (by default its reward, as for appeals). */
  bondWei: z.string().regex(/^\d{1,40}$/, "The bond is a whole number of DATA wei."),
});

const REFUSAL_STATUS: Record<GoldChallengeRefusal["code"], "FORBIDDEN" | "CONFLICT" | "VALIDATION"> = {
  "not-reviewer": "FORBIDDEN",
  "not-staked": "FORBIDDEN",
  "not-answered": "FORBIDDEN",
  "already-challenged": "CONFLICT",
  "challenge-open": "CONFLICT",
  "window-closed": "CONFLICT",
  "bond-too-small": "VALIDATION",
  "insufficient-balance": "CONFLICT",
};

/**
 * Files a staked reviewer's challenge of a gold answer they gave (gold-challenge-rules.ts): an Appeal of kind "gold"
 * on the gold item's sample, waiting for its bond. From there it is an appeal like any other: the bond is posted from
 * the challenger's wallet under the returned key and the escrow indexer opens it from the BondPosted event only; a
 * blind panel is seated (seat-panel.ts) and decides (decide-panel.ts). Filing again while the bond is awaited returns
 * the same challenge; nothing is written on a refusal.
 */
export async function fileGoldChallenge(actor: SessionUser, input: unknown, options: { now?: Date; balanceOf?: (address: Address) => Promise<bigint> } = {}): Promise<FiledAppeal> {
  const now = options.now ?? new Date();
  const { goldItemId, bondWei } = ZFileGoldChallenge.parse(input);
  const escrow = await findDeployment("ReviewEscrow");
  if (!escrow) throw new AppError("UNAVAILABLE", "The review escrow is not deployed on this chain yet.");
  const context = await challengeContext(actor, goldItemId, now);
  const mine = context.earlier.find((c) => c.appellantId === actor.id && c.state === "AWAITING_BOND");
  if (mine) return filed(mine, escrow.address);

  const request: GoldChallengeRequest = { ...context.request, bond: BigInt(bondWei) };
  const format = (wei: bigint) => formatData(wei, 4);
  // The balance is read from the chain only once everything else holds.
  const balanceOf = options.balanceOf ?? chainBalanceOf;
  const refusal = goldChallengeRefusal(request, format) ?? goldChallengeRefusal({ ...request, balance: await balanceOf(getAddress(actor.address)) }, format);
  if (refusal) throw new AppError(REFUSAL_STATUS[refusal.code], refusal.message);

  try {
    const id = randomUUID();
    const appeal = await db.$transaction(async (tx) => {
      const created = await tx.appeal.create({
        data: { id, kind: "gold", sampleId: context.sampleId, onceKey: goldChallengeOnceKey(context.sampleId, context.earlier.length), appellantId: actor.id, bondWei: request.bond.toString(), bondKey: escrowBondKey(id), createdAt: now },
      });
      await tx.auditEvent.create({ data: { actorId: actor.id, action: "gold.challenge-filed", subject: `sample:${context.sampleId}`, details: { appealId: id, bondWei: request.bond.toString() } } });
      return created;
    });
    return filed(appeal, escrow.address);
  } catch (error) {
    // Two filings at once: the once-key lets one through.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "This gold answer is already being challenged; wait for that panel's decision.");
    throw error;
  }
}

type ChallengeContext = {
  sampleId: string;
  earlier: { id: string; appellantId: string; state: string; bondKey: string; bondWei: string; createdAt: Date }[];
  request: Omit<GoldChallengeRequest, "bond">;
  windowEnds: Date | null;
};

/** What the rule needs to know about one reviewer and one gold item. */
async function challengeContext(actor: SessionUser, goldItemId: string, now: Date): Promise<ChallengeContext> {
  const gold = await db.goldItem.findUnique({
    where: { id: goldItemId },
    select: { sampleId: true, campaignId: true, campaign: { select: { appealWindowDays: true, appealBondWei: true, rewardWei: true, reviewStakeWei: true } } },
  });
  if (!gold) throw new AppError("NOT_FOUND", "That gold item does not exist.");
  const [earlier, stake, answeredAt] = await Promise.all([
    db.appeal.findMany({ where: { sampleId: gold.sampleId, kind: "gold" }, orderBy: { createdAt: "asc" }, select: { id: true, appellantId: true, state: true, bondKey: true, bondWei: true, createdAt: true } }),
    db.reviewerStake.findUnique({ where: { campaignId_userId: { campaignId: gold.campaignId, userId: actor.id } }, select: { activeWei: true } }),
    lastAnswerAt(actor.id, gold.sampleId, gold.campaignId),
  ]);
  const { campaign } = gold;
  return {
    sampleId: gold.sampleId,
    earlier,
    windowEnds: answeredAt ? appealWindowEnds(answeredAt, campaign.appealWindowDays) : null,
    request: {
      challengerId: actor.id,
      now,
      reviewer: isReviewerOf(directConnection(), actor, gold.campaignId),
      stake: { active: BigInt(stake?.activeWei ?? "0"), required: BigInt(campaign.reviewStakeWei) },
      answeredAt,
      campaign: { appealWindowDays: campaign.appealWindowDays, minimumBond: BigInt(campaign.appealBondWei ?? campaign.rewardWei) },
      earlier: earlier.map((c) => ({ challengerId: c.appellantId, state: c.state })),
      balance: null,
    },
  };
}

/** When the reviewer last answered the gold item: in the queue (not as a panelist) or in a submitted quiz sitting. */
async function lastAnswerAt(userId: string, sampleId: string, campaignId: string): Promise<Date | null> {
  const [review, sittings] = await Promise.all([
    db.review.findUnique({ where: { sampleId_reviewerId: { sampleId, reviewerId: userId } }, select: { createdAt: true, goldChallengeId: true } }),
    db.quizAttempt.findMany({ where: { campaignId, userId, submittedAt: { not: null } }, select: { sampleIds: true, submittedAt: true } }),
  ]);
  const times: number[] = [];
  if (review && review.goldChallengeId === null) times.push(review.createdAt.getTime());
  for (const s of sittings) if (Array.isArray(s.sampleIds) && (s.sampleIds as unknown[]).includes(sampleId)) times.push(s.submittedAt!.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

export type MyGoldAnswer = {
  goldItemId: string;
  campaignTitle: string;
  preview: string;
  answeredAt: Date;
  /** The reviewer's answer and the item's current gold answer, in words. */
  yours: string;
  gold: string;
  right: boolean;
  /** The reviewer's own latest challenge of it, if any. */
  challenge: { id: string; state: string } | null;
  /** Why a challenge cannot be filed now (a sentence), or null when it can. */
  refusal: string | null;
  windowEnds: Date | null;
  minimumBondWei: string;
};

const words = (verdict: string, label: string | null) => (verdict === "REJECT" ? "reject" : label ? `accept as '${label}'` : "accept");

/**
 * The signed-in reviewer's queue answers to gold items that count against them, or that they challenged: the ones a
 * challenge is for. Only those: listing every gold answer would show a reviewer which items are gold wherever they
 * agreed with it, which a farm pooling its wallets' lists would learn to recognise in the queue. The ones listed are
 * marked exposed, and so retired from queue gold.
 */
export async function listMyGoldAnswers(actor: SessionUser, now = new Date()): Promise<MyGoldAnswer[]> {
  const reviews = await db.review.findMany({
    where: { reviewerId: actor.id, goldChallengeId: null, sample: { goldItem: { isNot: null } } },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      verdict: true,
      label: true,
      createdAt: true,
      sample: { select: { id: true, labels: true, textContent: true, originalName: true, mimeType: true, campaign: { select: { title: true } }, goldItem: { select: { id: true, expectedVerdict: true, expectedLabel: true } } } },
    },
  });
  const challenges = await db.appeal.findMany({ where: { appellantId: actor.id, kind: "gold" }, orderBy: { createdAt: "desc" }, select: { id: true, state: true, sampleId: true } });
  const out: MyGoldAnswer[] = [];
  for (const r of reviews) {
    const gold = r.sample.goldItem!;
    const contributorLabel = typeof r.sample.labels === "string" ? r.sample.labels : null;
    const right = isCorrectAnswer({ sampleId: r.sample.id, expectedVerdict: gold.expectedVerdict, expectedLabel: gold.expectedLabel, contributorLabel }, { sampleId: r.sample.id, verdict: r.verdict, label: r.label });
    const challenge = challenges.find((c) => c.sampleId === r.sample.id) ?? null;
    if (right && !challenge) continue;
    const context = await challengeContext(actor, gold.id, now);
    const refusal = goldChallengeRefusal({ ...context.request, bond: context.request.campaign.minimumBond }, (wei) => formatData(wei, 4));
    const awaiting = challenge?.state === "AWAITING_BOND";
    out.push({
      goldItemId: gold.id,
      campaignTitle: r.sample.campaign.title,
      preview: (r.sample.textContent ?? r.sample.originalName ?? r.sample.mimeType).slice(0, 140),
      answeredAt: r.createdAt,
      yours: words(r.verdict, r.label ?? (r.verdict === "ACCEPT" ? contributorLabel : null)),
      gold: words(gold.expectedVerdict, gold.expectedLabel ?? (gold.expectedVerdict === "ACCEPT" ? contributorLabel : null)),
      right,
      challenge: challenge ? { id: challenge.id, state: challenge.state } : null,
      refusal: awaiting ? null : (refusal?.message ?? null),
      windowEnds: context.windowEnds,
      minimumBondWei: context.request.campaign.minimumBond.toString(),
    });
  }
  // Each listed item's answer is now known outside the campaign's control, as a quiz sitting's are: a wallet answering
  // gold wrong on purpose would otherwise learn which items are gold for its farm to recognise in the queue. Such an
  // item is never served as queue gold again (review-rows.ts), exactly like a gold item a quiz showed.
  const shown = out.map((a) => a.goldItemId);
  if (shown.length > 0) await db.goldItem.updateMany({ where: { id: { in: shown }, quizExposedAt: null }, data: { quizExposedAt: now } });
  return out;
}

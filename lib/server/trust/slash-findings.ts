import "server-only";
import { collusionFindings, goldFloorFinding, reliabilityFloorFinding, slashFindingKey, type CollusionFinding, type GoldFloorFinding, type ReliabilityFloorFinding } from "@/lib/domain/trust/slash-findings";
import { slashReasonKey } from "@/lib/chain/escrow-slash";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { isUniqueViolation } from "@/lib/server/reviews/unique-violation";
import { scoredGoldAnswers } from "./gold-answers";
import { judgedItemsOf } from "./judged-items";

type Finding = GoldFloorFinding | ReliabilityFloorFinding | CollusionFinding;
export type RecordedFinding = { key: string; campaignId: string; userId: string; finding: Finding };

/**
 * Looks at every reviewer with DATA in the escrow for a campaign (the indexer's ReviewerStake rows) and records each
 * finding their record makes (lib/domain/trust/slash-findings.ts: gold accuracy below the floor, or removal by the
 * engine for reliability below it, voting wrong in concert on samples a panel decided and on gold) as a FOUND StakeSlash row, the slasher's outbox. The row's unique key makes the
 * record idempotent: two slashers finding the same thing write one row.
 */
export async function recordSlashFindings(): Promise<RecordedFinding[]> {
  const stakes = await db.reviewerStake.findMany({
    where: { NOT: { AND: [{ activeWei: "0" }, { leavingWei: "0" }] } },
    select: { campaignId: true, userId: true, campaign: { select: { reliabilityFloor: true } } },
  });
  const recorded: RecordedFinding[] = [];
  for (const stake of stakes) {
    const gold = await goldFinding(stake);
    if (gold) recorded.push(...(await record(stake, gold, { goldAnswers: gold.goldAnswers, goldCorrect: gold.goldCorrect, goldSeen: gold.goldSeen })));
    const membership = await db.campaignReviewer.findUnique({
      where: { campaignId_userId: { campaignId: stake.campaignId, userId: stake.userId } },
      select: { active: true, inactiveReason: true, reliability: true },
    });
    const removal = membership ? reliabilityFloorFinding(membership, stake.campaign.reliabilityFloor) : null;
    if (removal) recorded.push(...(await record(stake, removal, { goldAnswers: 0, goldCorrect: 0, goldSeen: 0, reliability: removal.reliability })));
  }
  const campaigns = new Map(stakes.map((s) => [s.campaignId, s.campaign]));
  const staked = new Set(stakes.map((s) => `${s.campaignId}:${s.userId}`));
  for (const [campaignId, campaign] of campaigns) {
    for (const finding of collusionFindings(await judgedItemsOf(campaignId))) {
      if (!staked.has(`${campaignId}:${finding.reviewerId}`)) continue;
      // goldAnswers/goldCorrect hold the strongest pair's judged items and those they did not get wrong together.
      const measured = { goldAnswers: finding.sharedJudged, goldCorrect: finding.sharedJudged - finding.sharedWrong, goldSeen: 0 };
      recorded.push(...(await record({ campaignId, userId: finding.reviewerId, campaign }, finding, measured, { partnerIds: finding.partnerIds })));
    }
  }
  return recorded;
}

type StakeRef = { campaignId: string; userId: string; campaign: { reliabilityFloor: number } };

async function goldFinding(stake: StakeRef): Promise<GoldFloorFinding | null> {
  const [answers, previous] = await Promise.all([
    goldAnswersOf(stake.campaignId, stake.userId),
    db.stakeSlash.findFirst({
      where: { campaignId: stake.campaignId, userId: stake.userId, kind: "below-gold-floor" },
      orderBy: { round: "desc" },
      select: { round: true, goldSeen: true },
    }),
  ]);
  return goldFloorFinding({ answers, floor: stake.campaign.reliabilityFloor, previous });
}

/** One FOUND row and its audit event; nothing when another slasher recorded the same finding first. */
async function record(
  stake: StakeRef,
  finding: Finding,
  measured: { goldAnswers: number; goldCorrect: number; goldSeen: number; reliability?: number },
  details: Record<string, unknown> = {},
): Promise<RecordedFinding[]> {
  const key = slashFindingKey(finding, stake.campaignId, stake.userId);
  if (await db.stakeSlash.findUnique({ where: { key }, select: { id: true } })) return [];
  try {
    await db.$transaction(async (tx) => {
      await tx.stakeSlash.create({
        data: {
          key,
          campaignId: stake.campaignId,
          userId: stake.userId,
          kind: finding.kind,
          round: finding.round,
          ...measured,
          floor: finding.floor,
          reasonKey: slashReasonKey(key),
        },
      });
      await tx.auditEvent.create({
        data: {
          action: "stake.slash-found",
          subject: `user:${stake.userId}`,
          details: { key, campaignId: stake.campaignId, kind: finding.kind, ...measured, floor: finding.floor, ...details } as Prisma.InputJsonValue,
        },
      });
    });
    return [{ key, campaignId: stake.campaignId, userId: stake.userId, finding }];
  } catch (error) {
    // Another slasher recorded the same finding first: it is one finding all the same.
    if (!isUniqueViolation(error)) throw error;
    return [];
  }
}

/** The reviewer's gold answers in the campaign, oldest first, right or wrong as the quiz scores them. */
async function goldAnswersOf(campaignId: string, reviewerId: string): Promise<boolean[]> {
  return (await scoredGoldAnswers(db, campaignId, reviewerId)).map((a) => a.right);
}

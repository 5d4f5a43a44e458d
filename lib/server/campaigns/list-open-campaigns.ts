import "server-only";
import { budgetLeftWei } from "@/lib/domain/campaigns/budget";
import { db } from "@/lib/server/db";

export type CampaignSummary = {
  id: string;
  slug: string;
  title: string;
  description: string;
  dataType: "TEXT" | "IMAGE";
  rewardWei: bigint;
  budgetWei: bigint;
  /** Budget minus what is committed: rewards of accepted samples, or the ledger's funded payouts (fees included). */
  budgetLeftWei: bigint;
  targetSamples: number;
  acceptedSamples: number;
};

/** Open campaigns, newest first, with their progress. Public: anyone may browse them. */
export async function listOpenCampaigns(limit = 20): Promise<CampaignSummary[]> {
  const rows = await db.campaign.findMany({
    where: { status: "OPEN" },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      dataType: true,
      rewardWei: true,
      budgetWei: true,
      targetSamples: true,
      payoutLedger: { select: { fundedWei: true } },
      _count: { select: { samples: { where: { status: "ACCEPTED" } } } },
    },
  });
  return rows.map((row) => {
    const rewardWei = BigInt(row.rewardWei);
    const budgetWei = BigInt(row.budgetWei);
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      description: row.description,
      dataType: row.dataType,
      rewardWei,
      budgetWei,
      budgetLeftWei: budgetLeftWei(budgetWei, rewardWei, row._count.samples, BigInt(row.payoutLedger?.fundedWei ?? "0")),
      targetSamples: row.targetSamples,
      acceptedSamples: row._count.samples,
    };
  });
}

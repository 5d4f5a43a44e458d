import "server-only";
import { BINARY_CLASS, countsPerItem, fleissKappa, krippendorffAlphaNominal } from "@/lib/domain/consensus";
import { db } from "@/lib/server/db";

export type CampaignAgreement = { reviews: number; samples: number; reviewers: number; goldItems: number; krippendorffAlpha: number | null; fleissKappa: number | null };

/**
 * How much the campaign's reviewers agree on accept/reject, beyond chance: Krippendorff's alpha and Fleiss' kappa
 * over every sample with at least two verdicts. Public: it says how trustworthy the campaign's labels are, and names
 * no one.
 */
export async function campaignAgreement(campaignId: string): Promise<CampaignAgreement> {
  const [rows, goldItems] = await Promise.all([
    db.review.findMany({ where: { sample: { campaignId } }, select: { sampleId: true, reviewerId: true, verdict: true } }),
    db.goldItem.count({ where: { campaignId } }),
  ]);
  const votes = rows.map((r) => ({ itemId: r.sampleId, reviewerId: r.reviewerId, label: r.verdict === "ACCEPT" ? BINARY_CLASS.accept : BINARY_CLASS.reject }));
  const table = countsPerItem(2, votes);
  return {
    reviews: rows.length,
    samples: table.filter((row) => row[0]! + row[1]! >= 2).length,
    reviewers: new Set(rows.map((r) => r.reviewerId)).size,
    goldItems,
    krippendorffAlpha: krippendorffAlphaNominal(table),
    fleissKappa: fleissKappa(table),
  };
}

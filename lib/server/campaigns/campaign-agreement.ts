import "server-only";
import { BINARY_CLASS, countsPerItem, fleissKappa, krippendorffAlphaNominal } from "@/lib/domain/consensus";
import { db } from "@/lib/server/db";

export type CampaignAgreement = { reviews: number; samples: number; reviewers: number; goldItems: number; krippendorffAlpha: number | null; fleissKappa: number | null };

/** Only these count: a figure that moved with the votes of a sample still under review would unblind its next reviewer. */
const DECIDED = ["ACCEPTED", "REJECTED"] as const;

/**
 * How much the campaign's reviewers agree on accept/reject, beyond chance: Krippendorff's alpha and Fleiss' kappa
 * over every decided sample with at least two verdicts. Public: it says how trustworthy the campaign's labels are, and
 * names no one. Samples still in review (gold items, which are never decided, and escalated ones among them) are left
 * out, or a reviewer holding a sample's last slot could read the earlier votes off the change in kappa.
 */
export async function campaignAgreement(campaignId: string): Promise<CampaignAgreement> {
  const [rows, goldItems] = await Promise.all([
    db.review.findMany({ where: { sample: { campaignId, status: { in: [...DECIDED] } } }, select: { sampleId: true, reviewerId: true, verdict: true } }),
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

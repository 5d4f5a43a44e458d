import "server-only";
import { db } from "@/lib/server/db";
import type { DecisionInputs, LegacyDecisionInputs } from "@/lib/server/reviews/decision-inputs";

/** What the public campaign page says of a campaign's calibration: aggregate figures over its gold answers, nothing per item. */
export type PublicCalibration = { goldItems: number; ece: number | null; misleading: number };

/** Enough recent decisions to get past a run of legacy (rule 1) records to the latest calibrated one. */
const RECENT = 20;

/**
 * The calibration behind the campaign's latest decision, or null before its first decision (of the calibrated
 * rule). Public: the calibration summary is aggregate over gold (how many gold answers, the expected calibration
 * error, the share of items taken to look like another label); no gold item, vote or reviewer is named.
 *
 * Read from the latest decision rather than from the live snapshot (calibrationSummary): a verdict on a gold item
 * refits the snapshot at once, while a verdict on an ordinary sample that still has review slots out does not, so a
 * live figure that moved right after one's verdict would tell a reviewer that the item was gold. A decision runs only
 * once an ordinary sample has all its reviews, so what it recorded moves with the campaign's activity as a whole.
 * Call it only for a campaign the viewer may see (getCampaign checks that).
 */
export async function campaignCalibration(campaignId: string): Promise<PublicCalibration | null> {
  const rows = await db.consensusDecision.findMany({
    where: { sample: { campaignId, goldItem: { is: null } } },
    orderBy: { createdAt: "desc" },
    take: RECENT,
    select: { inputs: true },
  });
  for (const row of rows) {
    const inputs = row.inputs as unknown as DecisionInputs | LegacyDecisionInputs | null;
    if (!inputs || !("rule" in inputs) || inputs.rule !== 2 || !inputs.calibration) continue;
    const { goldItems, ece, misleading } = inputs.calibration;
    return { goldItems, ece, misleading };
  }
  return null;
}

import { PAYOUT_REASONS } from "./reasons";

/** What earned a payout; `href` is null where the viewer has no page for it (a reviewer's sample is its contributor's). */
export type PayoutSource = { href: string | null; label: string };

/** A dataset sale, as the purchase row behind a revenue payout has it. */
export type Sale = { versionId: string; version: { version: string; dataset: { name: string } } };

/** Where a payout came from: the sample it rewards (the contributor's page of it) or the dataset sale it shares. */
export function payoutLink(reason: string, subjectId: string, sales: Map<string, Sale>): PayoutSource | null {
  if (reason === PAYOUT_REASONS.SAMPLE_ACCEPTED) return { href: `/samples/${subjectId}`, label: `sample ${subjectId}` };
  if (reason === PAYOUT_REASONS.REVIEW_AGREED) return { href: null, label: `your review of sample ${subjectId}` };
  if (reason === PAYOUT_REASONS.DATASET_REVENUE) {
    const sale = sales.get(subjectId);
    return sale ? { href: `/datasets/${sale.versionId}`, label: `sale of ${sale.version.dataset.name} ${sale.version.version}` } : null;
  }
  return null;
}

// Why a payout is earned, and the key that makes earning it idempotent.

export const PAYOUT_REASONS = {
  /** A contributor's sample was accepted: the campaign's reward. */
  SAMPLE_ACCEPTED: "sample.accepted",
  /** A reviewer's verdict agreed with the consensus: the campaign's reviewer fee. */
  REVIEW_AGREED: "review.agreed",
  /** A contributor's share of a dataset sale. */
  DATASET_REVENUE: "dataset.revenue",
} as const;

export type PayoutReason = (typeof PAYOUT_REASONS)[keyof typeof PAYOUT_REASONS];

export const PAYOUT_REASON_VALUES = Object.values(PAYOUT_REASONS) as [PayoutReason, ...PayoutReason[]];

const REASON_LABELS: Record<PayoutReason, string> = {
  "sample.accepted": "Accepted sample",
  "review.agreed": "Review agreed with consensus",
  "dataset.revenue": "Dataset sale",
};

export function describeReason(reason: string): string {
  return REASON_LABELS[reason as PayoutReason] ?? reason;
}

/**
 * reason:subject:recipient. Unambiguous although a subject id may hold colons: reasons and recipient ids (cuids) never
 * do, so the first and the last colon split the key.
 */
export function payoutKey(reason: PayoutReason, subjectId: string, recipientUserId: string): string {
  if (recipientUserId.includes(":")) throw new Error(`a recipient id cannot contain ":" (got ${recipientUserId})`);
  return `${reason}:${subjectId}:${recipientUserId}`;
}

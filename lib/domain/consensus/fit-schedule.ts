/**
 * When the worker refits a campaign's consensus in the background (debounced per campaign): verdicts decide from the
 * latest snapshot, so a refit is due once enough new votes could have moved reviewer weights, or once new votes have
 * waited long enough, whichever comes first. A campaign with reviews and no snapshot is due at once. So is, once the
 * last fit is old enough, a campaign with samples whose reviews are all in but that no fit decided (a fit stopped
 * between writing its snapshot and deciding them): no new vote may ever come to bring it back. A gold answer
 * corrected since the last fit (a gold challenge won) makes it due at once.
 */
export interface FitPolicy {
  /** Refit after this many new reviews, at least ... */
  readonly minNewReviews: number;
  /** ... or this share of the reviews the last fit saw, whichever is larger. */
  readonly newShare: number;
  /** Refit any new review once the last fit is this old. */
  readonly maxAgeMs: number;
}

export const DEFAULT_FIT_POLICY: FitPolicy = { minNewReviews: 200, newShare: 0.01, maxAgeMs: 15_000 };

export function fitIsDue(
  state: { lastFit: { reviews: number; fittedAt: Date } | null; newReviews: number; now: Date; undecidedComplete?: boolean; goldCorrected?: boolean },
  policy: FitPolicy = DEFAULT_FIT_POLICY,
): boolean {
  const { lastFit, newReviews, now } = state;
  if (!lastFit) return newReviews > 0;
  // A gold answer corrected since the fit: every reviewer's measure in the snapshot rests on the old answer.
  if (state.goldCorrected) return true;
  const old = now.getTime() - lastFit.fittedAt.getTime() >= policy.maxAgeMs;
  if (newReviews <= 0) return old && state.undecidedComplete === true;
  if (newReviews >= Math.max(policy.minNewReviews, policy.newShare * lastFit.reviews)) return true;
  return old;
}

// What keeps a handful of free wallets from deciding a sample among themselves. A wallet that only passed a quiz has
// no record yet: it may hold at most one of a sample's slots (the others go to reviewers with a record), it is served
// more gold until it has a record, and nobody can skip their way through the queue to one chosen sample.

/** Gold answers in a campaign after which a quiz-qualified reviewer has a record there. */
export const ESTABLISHED_GOLD_ANSWERS = 5;

/** Share of a newcomer's queue served from gold: their record is built from gold answers. */
export const NEWCOMER_GOLD_RATE = 0.5;

/** Skips allowed per reviewer and campaign within SKIP_WINDOW_MS. */
export const MAX_SKIPS_PER_WINDOW = 10;
export const SKIP_WINDOW_MS = 60 * 60 * 1000;

export type ReviewerStanding = { globalReviewer: boolean; grantedByAdmin: boolean; goldAnswers: number };

/**
 * Whether a reviewer has a record in a campaign: an admin vouched for them (the global reviewer role or a grant for
 * the campaign), or they answered enough of its gold items.
 */
export function isEstablished(standing: ReviewerStanding): boolean {
  return standing.globalReviewer || standing.grantedByAdmin || standing.goldAnswers >= ESTABLISHED_GOLD_ANSWERS;
}

/** The gold rate a reviewer's queue is served at. */
export function goldRateFor(campaignGoldRate: number, established: boolean): number {
  return established ? campaignGoldRate : Math.max(campaignGoldRate, NEWCOMER_GOLD_RATE);
}

/** Why a skip is refused, or null when it may go ahead. */
export function skipRefusal(skipsInWindow: number): string | null {
  if (skipsInWindow < MAX_SKIPS_PER_WINDOW) return null;
  return `You have skipped ${skipsInWindow} samples of this campaign in the last hour, the most allowed: judge this one, or come back later.`;
}

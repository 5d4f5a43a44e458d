/**
 * Adaptive redundancy against a fixed number of reviews, on a synthetic crowd with spammers and colluders.
 *
 * Adaptive (the campaign rule, as the product runs it): every sample gets k reviews; then one calibrated model is
 * fitted over all reviews of the campaign (`fitConsensus`) and `decideOutcome` settles each sample from its own
 * votes (`itemPosterior`): ACCEPT when P(accept) >= t, REJECT when P(reject) >= t, else one more review, or
 * escalation at k_max. Samples that asked for more get their next review and the model is fitted again; rounds
 * repeat until no sample asks for more. A decision, once made, is final (the sample has been paid or refused), so
 * it is scored as decided then; an escalated sample is scored by its most probable class at that time (no credit
 * for the admin who would look at it).
 *
 * Fixed: every sample gets exactly n reviews and is labelled by Dawid-Skene's most probable class.
 *
 * Fair comparison: both policies read the same pre-drawn review stream of each sample (the first n
 * reviews are the same reviewers with the same answers), and the fixed policy is charged for the
 * smallest redundancy that reaches the adaptive policy's accuracy. Because n is a whole number, the
 * figure reported is interpolated between the last n below and the first n at or above that accuracy:
 * a campaign that gives a random share of its samples one review more realises any point in between,
 * so this is the cheapest fixed-redundancy policy with the same accuracy, not a rounded-up one.
 */
import { BINARY_CLASS, decideOutcome, fitConsensus, fitDawidSkene, itemPosterior, seededShuffle, type ConsensusResult, type Vote } from "../../lib/domain/consensus";
import { crowdVotes, syntheticCrowd, type CrowdMember, type SyntheticCrowd } from "../unit/consensus/synthetic-crowd";

export interface RedundancyOptions {
  readonly seed: number;
  readonly items: number;
  /** Reviews before any decision (k), the most before escalation (k_max), the campaign threshold. */
  readonly minReviews: number;
  readonly maxReviews: number;
  readonly threshold: number;
  /**
   * Share of the samples whose answer is known and given to every fit as gold (what calibrates the posteriors).
   * They are reviewed like the others, and cost reviews under both policies, but are not scored.
   */
  readonly goldFraction: number;
  /** Largest n tried for the fixed policy. */
  readonly fixedMax: number;
  readonly mix: Readonly<Record<CrowdMember, number>>;
}

export const DEFAULT_REDUNDANCY: Omit<RedundancyOptions, "seed"> = {
  items: 2000,
  minReviews: 3,
  maxReviews: 9,
  threshold: 0.95,
  // As a campaign runs: its posteriors are calibrated on gold. Without gold they stay deliberately cautious (capped
  // below 0.95 by the misleading-share prior), so at this threshold nearly every sample would escalate.
  goldFraction: 0.05,
  fixedMax: 15,
  // 40% of the crowd is useless or worse: 6 random spammers, 4 who always accept, a ring of 6 colluders.
  mix: { reliable: 24, random: 6, "always-accept": 4, colluder: 6 },
};

export interface RedundancyReport {
  /** Samples scored (those without a gold answer). */
  readonly items: number;
  readonly goldItems: number;
  readonly adaptiveAccuracy: number;
  /** Over every sample, gold ones included (they are reviewed too). */
  readonly adaptiveReviewsPerItem: number;
  readonly adaptiveRounds: number;
  /** Scored samples that escalated at k_max. */
  readonly escalated: number;
  /** Accuracy of the fixed policy for n = 1..fixedMax. */
  readonly fixedAccuracy: readonly number[];
  /** Smallest whole n whose accuracy reaches the adaptive one (null if none up to fixedMax). */
  readonly fixedWholeK: number | null;
  /** Interpolated reviews per sample at which the fixed policy matches the adaptive accuracy. */
  readonly fixedReviewsPerItem: number | null;
  /** 1 - adaptive / fixed reviews, at the same accuracy. */
  readonly savings: number | null;
  /** Mean estimated reliability (class-balanced accuracy) of each kind of reviewer, after the adaptive run. */
  readonly reliabilityByKind: Readonly<Record<CrowdMember, number>>;
}

function mapLabels(result: ConsensusResult): Map<string, number> {
  return new Map(result.items.map((item) => [item.itemId, item.map]));
}

function fitVotes(crowd: SyntheticCrowd, votes: readonly Vote[], gold: ReadonlyMap<string, number>): ConsensusResult {
  return fitDawidSkene({ classes: crowd.classes, votes, gold, options: { explainVotes: false } });
}

function accuracyOf(crowd: SyntheticCrowd, labels: ReadonlyMap<string, number>, scored: readonly string[]): number {
  let correct = 0;
  for (const id of scored) if (labels.get(id) === crowd.truth.get(id)) correct++;
  return correct / scored.length;
}

export function compareRedundancy(options: RedundancyOptions): RedundancyReport {
  const { minReviews: k, maxReviews: kMax, threshold, fixedMax } = options;
  const crowd = syntheticCrowd({ seed: options.seed, items: options.items, classes: 2, mix: options.mix, maxReviews: Math.max(kMax, fixedMax) });
  const goldIds = seededShuffle(crowd.itemIds, options.seed).slice(0, Math.round(options.goldFraction * crowd.itemIds.length));
  const gold = new Map(goldIds.map((id) => [id, crowd.truth.get(id)!]));
  const scored = crowd.itemIds.filter((id) => !gold.has(id));

  // Adaptive policy.
  const reviews = new Map(crowd.itemIds.map((id) => [id, k]));
  const decided = new Map<string, number>();
  let escalated = 0;
  let rounds = 0;
  for (;;) {
    rounds++;
    const votes = crowdVotes(crowd, (id) => reviews.get(id)!);
    const model = fitConsensus({ classes: crowd.classes, votes, gold }, { minReviews: k, threshold });
    let asked = 0;
    for (const itemId of crowd.itemIds) {
      if (decided.has(itemId)) continue;
      const n = reviews.get(itemId)!;
      const posterior = itemPosterior(model, crowd.streams.get(itemId)!.slice(0, n));
      const outcome = decideOutcome({ posterior, unacceptable: BINARY_CLASS.reject, threshold, reviews: n, minReviews: k, maxReviews: kMax });
      if (outcome.decision === "ACCEPT") decided.set(itemId, BINARY_CLASS.accept);
      else if (outcome.decision === "REJECT") decided.set(itemId, BINARY_CLASS.reject);
      else if (outcome.decision === "ESCALATE") {
        decided.set(itemId, posterior[BINARY_CLASS.accept]! > posterior[BINARY_CLASS.reject]! ? BINARY_CLASS.accept : BINARY_CLASS.reject);
        if (!gold.has(itemId)) escalated++;
      } else {
        reviews.set(itemId, n + 1);
        asked++;
      }
    }
    if (asked === 0) break;
  }
  const adaptiveAccuracy = accuracyOf(crowd, decided, scored);
  const adaptiveReviewsPerItem = [...reviews.values()].reduce((a, b) => a + b, 0) / crowd.itemIds.length;

  const byKind = new Map<CrowdMember, number[]>();
  for (const reviewer of fitVotes(crowd, crowdVotes(crowd, (id) => reviews.get(id)!), gold).reviewers) {
    const member = crowd.kind.get(reviewer.reviewerId)!;
    const own = byKind.get(member) ?? [];
    own.push(reviewer.reliability);
    byKind.set(member, own);
  }
  const meanOf = (xs: readonly number[] | undefined) => (xs && xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const reliabilityByKind = {
    reliable: meanOf(byKind.get("reliable")),
    random: meanOf(byKind.get("random")),
    "always-accept": meanOf(byKind.get("always-accept")),
    colluder: meanOf(byKind.get("colluder")),
  };

  // Fixed policy, n = 1, 2, ... until it is at least as accurate.
  const fixedAccuracy: number[] = [];
  let fixedWholeK: number | null = null;
  let fixedReviewsPerItem: number | null = null;
  for (let n = 1; n <= fixedMax; n++) {
    const accuracy = accuracyOf(crowd, mapLabels(fitVotes(crowd, crowdVotes(crowd, () => n), gold)), scored);
    fixedAccuracy.push(accuracy);
    if (accuracy >= adaptiveAccuracy) {
      fixedWholeK = n;
      const below = n > 1 ? fixedAccuracy[n - 2]! : 0;
      fixedReviewsPerItem = n === 1 || accuracy === below ? n : n - 1 + (adaptiveAccuracy - below) / (accuracy - below);
      break;
    }
  }
  return {
    items: scored.length,
    goldItems: gold.size,
    adaptiveAccuracy,
    adaptiveReviewsPerItem,
    adaptiveRounds: rounds,
    escalated,
    fixedAccuracy,
    fixedWholeK,
    fixedReviewsPerItem,
    savings: fixedReviewsPerItem === null ? null : 1 - adaptiveReviewsPerItem / fixedReviewsPerItem,
    reliabilityByKind,
  };
}

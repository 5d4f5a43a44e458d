/**
 * Adaptive redundancy against a fixed number of reviews, on a synthetic crowd with spammers and colluders.
 *
 * Adaptive (the campaign rule): every sample gets k reviews; then the engine runs over all reviews of
 * the campaign and `decide` settles each sample (ACCEPT at P >= t, REJECT at P(reject) >= t), asks for
 * one more review, or escalates at k_max. Samples that asked for more get their next review and the
 * engine re-estimates everything; rounds repeat until no sample asks for more. A decision, once made, is
 * final (the sample has been paid or refused), so it is scored as decided then; an escalated sample is
 * scored by its most probable class at that time (no credit for the admin who would look at it).
 *
 * Fixed: every sample gets exactly n reviews and is labelled by the engine's most probable class.
 *
 * Fair comparison: both policies read the same pre-drawn review stream of each sample (the first n
 * reviews are the same reviewers with the same answers), and the fixed policy is charged for the
 * smallest redundancy that reaches the adaptive policy's accuracy. Because n is a whole number, the
 * figure reported is interpolated between the last n below and the first n at or above that accuracy:
 * a campaign that gives a random share of its samples one review more realises any point in between,
 * so this is the cheapest fixed-redundancy policy with the same accuracy, not a rounded-up one.
 */
import { dawidSkene, decide, type ConsensusResult } from "../../lib/domain/consensus";
import { crowdVotes, syntheticCrowd, type CrowdMember, type SyntheticCrowd } from "../unit/consensus/synthetic-crowd";

export interface RedundancyOptions {
  readonly seed: number;
  readonly items: number;
  /** Reviews before any decision (k), the most before escalation (k_max), the campaign threshold. */
  readonly minReviews: number;
  readonly maxReviews: number;
  readonly threshold: number;
  /** Largest n tried for the fixed policy. */
  readonly fixedMax: number;
  readonly mix: Readonly<Record<CrowdMember, number>>;
}

export const DEFAULT_REDUNDANCY: Omit<RedundancyOptions, "seed"> = {
  items: 2000,
  minReviews: 3,
  maxReviews: 9,
  threshold: 0.95,
  fixedMax: 15,
  // 40% of the crowd is useless or worse: 6 random spammers, 4 who always accept, a ring of 6 colluders.
  mix: { reliable: 24, random: 6, "always-accept": 4, colluder: 6 },
};

export interface RedundancyReport {
  readonly items: number;
  readonly adaptiveAccuracy: number;
  readonly adaptiveReviewsPerItem: number;
  readonly adaptiveRounds: number;
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

function runEngine(crowd: SyntheticCrowd, reviews: (itemId: string) => number): ConsensusResult {
  return dawidSkene({ classes: crowd.classes, votes: crowdVotes(crowd, reviews), options: { explainVotes: false } });
}

function accuracyOf(crowd: SyntheticCrowd, labels: ReadonlyMap<string, number>): number {
  let correct = 0;
  for (const id of crowd.itemIds) if (labels.get(id) === crowd.truth.get(id)) correct++;
  return correct / crowd.itemIds.length;
}

export function compareRedundancy(options: RedundancyOptions): RedundancyReport {
  const { minReviews: k, maxReviews: kMax, threshold, fixedMax } = options;
  const crowd = syntheticCrowd({ seed: options.seed, items: options.items, classes: 2, mix: options.mix, maxReviews: Math.max(kMax, fixedMax) });

  // Adaptive policy.
  const reviews = new Map(crowd.itemIds.map((id) => [id, k]));
  const decided = new Map<string, number>();
  let escalated = 0;
  let rounds = 0;
  let result: ConsensusResult;
  for (;;) {
    rounds++;
    result = runEngine(crowd, (id) => reviews.get(id)!);
    let asked = 0;
    for (const item of result.items) {
      if (decided.has(item.itemId)) continue;
      const n = reviews.get(item.itemId)!;
      const decision = decide({ pAccept: item.posterior[1]!, threshold, reviews: n, minReviews: k, maxReviews: kMax });
      if (decision === "ACCEPT") decided.set(item.itemId, 1);
      else if (decision === "REJECT") decided.set(item.itemId, 0);
      else if (decision === "ESCALATE") {
        decided.set(item.itemId, item.map);
        escalated++;
      } else {
        reviews.set(item.itemId, n + 1);
        asked++;
      }
    }
    if (asked === 0) break;
  }
  const adaptiveAccuracy = accuracyOf(crowd, decided);
  const adaptiveReviewsPerItem = [...reviews.values()].reduce((a, b) => a + b, 0) / crowd.itemIds.length;

  const byKind = new Map<CrowdMember, number[]>();
  for (const reviewer of result.reviewers) {
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
    const accuracy = accuracyOf(crowd, mapLabels(runEngine(crowd, () => n)));
    fixedAccuracy.push(accuracy);
    if (accuracy >= adaptiveAccuracy) {
      fixedWholeK = n;
      const below = n > 1 ? fixedAccuracy[n - 2]! : 0;
      fixedReviewsPerItem = n === 1 || accuracy === below ? n : n - 1 + (adaptiveAccuracy - below) / (accuracy - below);
      break;
    }
  }
  return {
    items: crowd.itemIds.length,
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

import { seededRandom, type Vote } from "../../../lib/domain/consensus";

export interface SyntheticOptions {
  readonly seed: number;
  readonly items: number;
  readonly reviewers: number;
  readonly votesPerItem: number;
  readonly classes: number;
  /** Probability of each true class; uniform by default. */
  readonly classPriors?: readonly number[];
}

export interface SyntheticCampaign {
  readonly classes: number;
  readonly votes: Vote[];
  readonly truth: Map<string, number>;
  /** The true P(correct) of each reviewer; wrong answers are uniform over the other classes. */
  readonly reliability: Map<string, number>;
}

/**
 * A campaign with known answers and known reviewer quality, like a real crowd: most reviewers are
 * decent, some are mediocre, some are spammers answering at random, and activity is skewed (a few
 * reviewers do most of the work, many do a handful), so both the full and the skill-and-bias model occur.
 */
export function syntheticCampaign(options: SyntheticOptions): SyntheticCampaign {
  const { seed, items, reviewers, votesPerItem, classes: K } = options;
  const random = seededRandom(seed);
  const priors = options.classPriors ?? Array.from({ length: K }, () => 1 / K);

  const reliability = new Map<string, number>();
  const reviewerIds: string[] = [];
  const cumulativeActivity: number[] = [];
  let activity = 0;
  for (let j = 0; j < reviewers; j++) {
    const id = `r${j}`;
    const kind = random();
    const p = kind < 0.6 ? 0.75 + 0.2 * random() : kind < 0.85 ? 0.5 + 0.2 * random() : 1 / K;
    reliability.set(id, p);
    reviewerIds.push(id);
    activity += 1 / (j + 1) ** 0.7;
    cumulativeActivity.push(activity);
  }
  const pickReviewer = (): number => {
    const x = random() * activity;
    let lo = 0;
    let hi = reviewers - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulativeActivity[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const votes: Vote[] = [];
  const truth = new Map<string, number>();
  for (let i = 0; i < items; i++) {
    const itemId = `s${i}`;
    const z = sample(priors, random());
    truth.set(itemId, z);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(votesPerItem, reviewers)) chosen.add(pickReviewer());
    for (const j of chosen) {
      const reviewerId = reviewerIds[j]!;
      const correct = random() < reliability.get(reviewerId)!;
      const wrong = (z + 1 + Math.floor(random() * (K - 1))) % K;
      votes.push({ itemId, reviewerId, label: correct ? z : wrong });
    }
  }
  return { classes: K, votes, truth, reliability };
}

function sample(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let k = 0; k < probabilities.length; k++) {
    acc += probabilities[k]!;
    if (u < acc) return k;
  }
  return probabilities.length - 1;
}

import { seededRandom, seededShuffle, type Vote } from "../../../lib/domain/consensus";

/**
 * A crowd with known answers and the adversaries a review marketplace attracts, for tests and the
 * consensus benchmark:
 * - reliable reviewers: right with a probability of their own for each true class, drawn from
 *   `reliableAccuracy`, wrong answers uniform over the other classes;
 * - random spammers: a uniformly random answer, whatever the sample;
 * - always-accept spammers: always the last class (ACCEPT in a binary campaign), so they agree with the
 *   truth as often as that class occurs and look decent to a plain accuracy count;
 * - colluders: one group that always gives the same answer as each other without looking at the sample
 *   (a per-sample coin drawn from the class mix), so whenever two of them review the same sample
 *   they agree, which conditional-independence models read as evidence.
 *
 * Every sample gets its own random order of distinct reviewers and each reviewer's answer is drawn up
 * front, so a policy that stops after n reviews sees exactly the first n of the same stream as one that
 * stops after more: comparisons between redundancy policies are paired, not two independent draws.
 */
export type CrowdMember = "reliable" | "random" | "always-accept" | "colluder";

export interface CrowdOptions {
  readonly seed: number;
  readonly items: number;
  readonly classes: number;
  /** How many reviewers of each kind. */
  readonly mix: Readonly<Record<CrowdMember, number>>;
  /** Probability of each true class; by default 70% of a binary campaign's samples deserve ACCEPT. */
  readonly classPriors?: readonly number[];
  /** Range of a reliable reviewer's per-class accuracy. */
  readonly reliableAccuracy?: readonly [number, number];
  /** Longest review stream per sample (at most the number of reviewers). */
  readonly maxReviews: number;
  /**
   * 0 (default): every reviewer is equally likely to get a review. s > 0: the r-th reviewer (in a random
   * order of all kinds) is picked with weight 1 / r^s, so a few do most of the work and many do a handful.
   */
  readonly activitySkew?: number;
}

export interface CrowdReview {
  readonly reviewerId: string;
  readonly label: number;
}

export interface SyntheticCrowd {
  readonly classes: number;
  readonly itemIds: readonly string[];
  readonly truth: ReadonlyMap<string, number>;
  /** The reviews each sample would get, in arrival order. */
  readonly streams: ReadonlyMap<string, readonly CrowdReview[]>;
  readonly kind: ReadonlyMap<string, CrowdMember>;
}

export function syntheticCrowd(options: CrowdOptions): SyntheticCrowd {
  const { seed, items, classes: K, mix, maxReviews } = options;
  const priors = options.classPriors ?? (K === 2 ? [0.3, 0.7] : Array.from({ length: K }, () => 1 / K));
  const [low, high] = options.reliableAccuracy ?? [0.75, 0.95];
  const random = seededRandom(seed);

  const members = (["reliable", "random", "always-accept", "colluder"] as const).flatMap((member) => Array<CrowdMember>(mix[member]).fill(member));
  const kind = new Map<string, CrowdMember>();
  const accuracy = new Map<string, number[]>();
  seededShuffle(members, Math.floor(random() * 2 ** 31)).forEach((member, n) => {
    const id = `w${String(n).padStart(4, "0")}`;
    kind.set(id, member);
    if (member === "reliable") accuracy.set(id, Array.from({ length: K }, () => low + (high - low) * random()));
  });
  const reviewerIds = [...kind.keys()];
  const length = Math.min(maxReviews, reviewerIds.length);
  const skew = options.activitySkew ?? 0;
  const cumulative: number[] = [];
  reviewerIds.reduce((total, _, r) => (cumulative[r] = total + 1 / (r + 1) ** skew), 0);
  const pick = (): number => {
    const x = random() * cumulative.at(-1)!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const itemIds: string[] = [];
  const truth = new Map<string, number>();
  const streams = new Map<string, CrowdReview[]>();
  for (let i = 0; i < items; i++) {
    const itemId = `s${String(i).padStart(5, "0")}`;
    const z = draw(priors, random());
    const ringAnswer = draw(priors, random());
    const chosen = new Set<number>();
    while (chosen.size < length) chosen.add(pick());
    const order = [...chosen].map((r) => reviewerIds[r]!);
    const stream = order.map((reviewerId): CrowdReview => {
      const u = random();
      const other = (z + 1 + Math.floor(random() * (K - 1))) % K;
      switch (kind.get(reviewerId)!) {
        case "reliable":
          return { reviewerId, label: u < accuracy.get(reviewerId)![z]! ? z : other };
        case "random":
          return { reviewerId, label: Math.floor(u * K) };
        case "always-accept":
          return { reviewerId, label: K - 1 };
        case "colluder":
          return { reviewerId, label: ringAnswer };
      }
    });
    itemIds.push(itemId);
    truth.set(itemId, z);
    streams.set(itemId, stream);
  }
  return { classes: K, itemIds, truth, streams, kind };
}

/** The first `reviews(itemId)` reviews of every sample, as engine votes. */
export function crowdVotes(crowd: SyntheticCrowd, reviews: (itemId: string) => number): Vote[] {
  const votes: Vote[] = [];
  for (const itemId of crowd.itemIds) {
    const stream = crowd.streams.get(itemId)!;
    for (const { reviewerId, label } of stream.slice(0, reviews(itemId))) votes.push({ itemId, reviewerId, label });
  }
  return votes;
}

function draw(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let k = 0; k < probabilities.length; k++) {
    acc += probabilities[k]!;
    if (u < acc) return k;
  }
  return probabilities.length - 1;
}

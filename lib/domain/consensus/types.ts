/**
 * Shapes shared by the consensus engine, the decision rule and the reputation helpers.
 * Classes are plain indices 0..K-1 so the engine stays generic: a binary review campaign uses
 * `BINARY_CLASS`, a classification campaign uses the index of each label in its label schema.
 */

export const BINARY_CLASS = { reject: 0, accept: 1 } as const;

/** One reviewer's blind verdict on one item (a Sample or a GoldItem). */
export interface Vote {
  readonly itemId: string;
  readonly reviewerId: string;
  /** Class index in [0, classes). */
  readonly label: number;
}

/**
 * What the platform already believes about a reviewer before this campaign, usually from Reputation.
 * It becomes the pseudo-count prior of the reviewer's confusion matrix: `strength` votes of which a
 * fraction `reliability` are correct and the rest spread evenly over the wrong classes. A full matrix
 * gets these pseudo-votes in each row (each row is its own estimate); the skill-and-bias model gets them
 * once, as the skill that gives this reliability when guesses are uniform.
 */
export interface ReviewerPrior {
  /** Prior probability of answering correctly, in [0, 1]. */
  readonly reliability: number;
  /** How many votes of evidence the prior is worth (> 0). */
  readonly strength: number;
}

export interface ConsensusOptions {
  /**
   * A reviewer with at least this many votes gets a full confusion matrix, below it the skill-and-bias
   * model. Default `defaultFullMatrixMinVotes(K)`: 20 for binary campaigns, more for more classes.
   */
  readonly fullMatrixMinVotes?: number;
  readonly maxIterations?: number;
  /** Stop when the objective changes by less than this, relative to its size. */
  readonly logLikelihoodTolerance?: number;
  /** Stop when no posterior probability moves by more than this. */
  readonly posteriorTolerance?: number;
  /** Prior for reviewers without a ReviewerPrior of their own; by default it depends on the number of classes. */
  readonly defaultReviewerPrior?: ReviewerPrior;
  /**
   * How often a gold answer is believed to agree with the class its votes point at, before any gold
   * is seen, and how many gold answers that belief is worth. Default `DEFAULT_GOLD_PRIOR`; see `gold.ts`.
   */
  readonly goldPrior?: ReviewerPrior;
  /** Dirichlet pseudo-count added to every class when estimating class priors. */
  readonly classPriorPseudoCount?: number;
  /** Per-vote weights cost one object per vote; a job that only needs decisions can skip them. */
  readonly explainVotes?: boolean;
  /**
   * Where EM starts for the items listed (class probabilities, summing to 1), instead of their prior-weighted vote
   * shares: a fit close to a previous one converges in a few iterations. Gold items still start at their answer.
   */
  readonly startPosteriors?: ReadonlyMap<string, readonly number[]>;
}

/** The model that explains the votes: each depends on the item's class and the reviewer's confusion matrix only. */
export type ConsensusModel = "dawid-skene";

export interface ConsensusInput {
  /** Number of classes K (>= 2). */
  readonly classes: number;
  readonly votes: readonly Vote[];
  /**
   * Items whose true class is known (GoldItems): their reported posterior is that class; they calibrate
   * reviewers as far as their votes fit the model (see `gold.ts`).
   */
  readonly gold?: ReadonlyMap<string, number>;
  readonly reviewerPriors?: ReadonlyMap<string, ReviewerPrior>;
  /** Items to report even if nobody has reviewed them yet (they get the class priors as posterior). */
  readonly itemIds?: readonly string[];
  readonly options?: ConsensusOptions;
}

/** How much one vote moved the decision: positive supports the MAP class, negative the runner-up. */
export interface VoteWeight {
  readonly reviewerId: string;
  readonly label: number;
  /** log P(vote | MAP class) - log P(vote | runner-up class), in nats. */
  readonly weight: number;
}

export interface ItemConsensus {
  readonly itemId: string;
  /** P(class | all votes), sums to 1. */
  readonly posterior: number[];
  /** Most probable class; ties go to the lowest index. For gold items, the gold answer. */
  readonly map: number;
  /** The class the votes were weighed against (second most probable). */
  readonly runnerUp: number;
  readonly isGold: boolean;
  /**
   * Gold items only (null otherwise): P(the class this item's votes are about is its gold answer), given
   * the votes and the gold answer. Near 1 when the crowd agrees with the gold answer; low when the crowd
   * firmly says otherwise, which is either a truly confusing sample or a wrong gold answer worth rechecking.
   */
  readonly goldAgreement: number | null;
  /**
   * Empty unless `explainVotes`. The log posterior odds of `map` against `runnerUp` equal the log prior
   * odds plus the sum of these weights (for a gold item: the odds its votes alone would give).
   */
  readonly votes: VoteWeight[];
}

/**
 * "full": a confusion matrix of the reviewer's own. "skill-bias": for sparse reviewers, P(votes l | class k)
 * = skill * [l = k] + (1 - skill) * guess[l] (knows the answer or guesses with a bias of their own).
 */
export type ReviewerModel = "full" | "skill-bias";

export interface ReviewerEstimate {
  readonly reviewerId: string;
  readonly votes: number;
  readonly model: ReviewerModel;
  /**
   * Probability of a correct vote on a sample whose true class is equally likely to be any class: the
   * mean of the matrix diagonal. Chance level is 1/K whatever the class mix, so a reviewer who always
   * gives the same answer (say, always ACCEPT where most samples deserve it) scores 1/K, not the share
   * of that class.
   */
  readonly reliability: number;
  /** confusion[k][l] = P(votes l | true class k); each row sums to 1. */
  readonly confusion: number[][];
}

export interface IterationTrace {
  readonly iteration: number;
  /** log P(votes, gold answers | parameters). */
  readonly logLikelihood: number;
  /** logLikelihood plus the log of the smoothing priors: EM never lets this decrease. */
  readonly objective: number;
  /** Largest change of any posterior probability in this iteration. */
  readonly maxPosteriorChange: number;
}

export interface ConsensusResult {
  readonly classes: number;
  readonly model: ConsensusModel;
  readonly classPriors: number[];
  /**
   * Estimated probability that a gold answer is the class its item's votes are about (null without
   * gold): near 1 when gold and votes agree; lower when reviewers as a whole err on some gold items.
   */
  readonly goldReliability: number | null;
  /** Sorted by itemId (code-unit order), independent of the input order. */
  readonly items: ItemConsensus[];
  /** Sorted by reviewerId (code-unit order). */
  readonly reviewers: ReviewerEstimate[];
  readonly trace: IterationTrace[];
  readonly iterations: number;
  readonly converged: boolean;
}

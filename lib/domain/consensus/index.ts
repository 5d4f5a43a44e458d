/**
 * Quality control: turns blind reviews into per-sample posteriors (Dawid-Skene), decides what happens
 * next, and measures agreement and reputation. Pure functions only: callers load and store the data.
 */
export * from "./types";
export { fitDawidSkene } from "./dawid-skene";
export { buildVoteIndex, voteIndexFromCodes, type VoteIndex } from "./vote-index";
export { countsPerItem, fleissKappa, krippendorffAlphaNominal, type CountTable } from "./agreement";
export {
  contributorAcceptance,
  reviewerPriorFromReputation,
  reviewerReliability,
  DEFAULT_LOWER_QUANTILE,
  type BetaPrior,
  type RateEstimate,
  type ReviewerRecord,
  type ReviewerReliabilityOptions,
} from "./reputation";
export { betaCdf, betaQuantile } from "./beta";
export { majorityVote, type MajorityVote } from "./majority-vote";
export { DEFAULT_GOLD_PRIOR, estimateGoldChannel, goldChannelAt, type GoldChannel } from "./gold";
export { defaultFullMatrixMinVotes, defaultReviewerPrior } from "./priors";
export { seededRandom, seededShuffle } from "./seeded-random";
export { explainItem, fitConsensus, fitConsensusOnIndex, GOLD_REPLAY_ORDERS, reviewerReliabilities, itemPosterior, voteLogLikelihoods, type ItemExplanation, type WeighedVote, FITTED_CONSENSUS_VERSION, type FittedConsensus, type FitOptions, type ItemVote } from "./fitted-model";
export { fitCalibration, stoppingTruthProbability, temperedPosterior, DEFAULT_CALIBRATION_PRIOR, type Calibration, type CalibrationPrior, type GoldSequence } from "./calibration";
export { decideOutcome, checkDecisionSettings, type Decision, type OutcomeDecision, type OutcomeDecisionInput } from "./outcome-decision";
export { decisionMarginFromDrifts, posteriorDrift, requiredPosterior, DRIFT_WINDOW, MAX_DECISION_MARGIN } from "./decision-margin";
export { reliabilityCurve, type Prediction, type ReliabilityBin, type ReliabilityCurve } from "./reliability-curve";
export { outcomeSpace, reviewClass, goldClass, className, UNACCEPTABLE, AS_LABELED, type OutcomeSpace, type ReviewStatement } from "./outcome-space";
export { decisionInWords, type DecisionStory } from "./decision-words";
export { DEFAULT_FIT_POLICY, fitIsDue, type FitPolicy } from "./fit-schedule";

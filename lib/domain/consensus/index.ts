/**
 * Quality control: turns blind reviews into per-sample posteriors (Dawid-Skene), decides what happens
 * next, and measures agreement and reputation. Pure functions only: callers load and store the data.
 */
export * from "./types";
export { fitDawidSkene } from "./dawid-skene";
export { fitItemBias, usableWarmStart } from "./item-bias";
export { chooseModel, dawidSkene, goldLogLikelihood } from "./model-selection";
export { modelChoiceAction, type ModelChoiceAction } from "./model-refresh";
export { decide, type Decision, type DecisionInput } from "./decision";
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

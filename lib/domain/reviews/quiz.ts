/**
 * The qualification quiz: a newcomer answers a few gold items (samples with known answers) of a campaign and becomes
 * one of its reviewers if enough answers are right.
 */

export type QuizVerdict = "ACCEPT" | "REJECT";

export interface QuizKey {
  readonly sampleId: string;
  readonly expectedVerdict: QuizVerdict;
  /** The right label of a classification sample, when the gold item names one. */
  readonly expectedLabel: string | null;
  /** The contributor's label: an accept without a label of its own endorses it. */
  readonly contributorLabel: string | null;
}

export interface QuizAnswer {
  readonly sampleId: string;
  readonly verdict: QuizVerdict;
  readonly label?: string | null;
}

export interface QuizScore {
  readonly correct: number;
  readonly total: number;
  readonly passed: boolean;
}

/**
 * Whether one answer matches its gold item. The verdict must match; for an accepted classification sample with a
 * known label, the label the answer stands for (its own, or else the contributor's it endorses) must match too; a
 * reject that names a label must name the right one. The same reading of a verdict as the consensus engine's.
 */
export function isCorrectAnswer(key: QuizKey, answer: QuizAnswer): boolean {
  if (answer.verdict !== key.expectedVerdict) return false;
  if (!key.expectedLabel) return true;
  const label = answer.label ?? (answer.verdict === "ACCEPT" ? key.contributorLabel : null);
  if (answer.verdict === "REJECT" && !answer.label) return true;
  return label === key.expectedLabel;
}

/** Scores a sitting. Every served item needs exactly one answer: a missing or extra one is the caller's error. */
export function scoreQuiz(keys: readonly QuizKey[], answers: readonly QuizAnswer[], passMark: number): QuizScore {
  if (!(passMark > 0 && passMark <= 1)) throw new RangeError(`The pass mark must be in (0, 1] (got ${passMark}).`);
  const byId = new Map(answers.map((a) => [a.sampleId, a]));
  if (byId.size !== answers.length) throw new RangeError("An item was answered twice.");
  if (answers.length !== keys.length || keys.some((k) => !byId.has(k.sampleId))) throw new RangeError("Every quiz item needs exactly one answer.");
  const correct = keys.filter((k) => isCorrectAnswer(k, byId.get(k.sampleId)!)).length;
  // A small epsilon: 4 of 5 against a pass mark of 0.8 must pass despite 4/5 being 0.8000000000000002 or so.
  return { correct, total: keys.length, passed: correct / keys.length >= passMark - 1e-9 };
}

/**
 * After a failed quiz, a newcomer waits an hour before the next one. The quiz draws from the same gold items that
 * measure reviewers in the queue, so unlimited immediate retries would let someone learn the answers by trial and
 * error; an hour makes that slow, and each sitting draws the items afresh. Only pass or fail is told, never the score nor
 * which answers were wrong: a score tells how many answers were right, and a few wallets comparing their sittings would
 * work out every gold answer from it.
 */
export const QUIZ_RETRY_AFTER_MS = 60 * 60 * 1000;

/** When the next sitting may start, or null if it may start now. */
export function quizRetryAt(lastFailedAt: Date | null, now: Date, retryAfterMs = QUIZ_RETRY_AFTER_MS): Date | null {
  if (!lastFailedAt) return null;
  const at = new Date(lastFailedAt.getTime() + retryAfterMs);
  return at > now ? at : null;
}

/** How many sittings' worth of items the quiz rotates through, at most. */
export const QUIZ_POOL_SITTINGS = 3;

/**
 * How many of a campaign's gold items the quiz may ever show. Shown items are known to every wallet their sittings
 * are shared with, so they stop measuring reviewers in the queue; the quiz rotates through a pool of at most
 * QUIZ_POOL_SITTINGS sittings' worth, and never more than half the gold unless a single sitting needs it.
 */
export function quizPoolSize(quizSize: number, goldItems: number): number {
  return Math.min(goldItems, Math.min(QUIZ_POOL_SITTINGS * quizSize, Math.max(quizSize, Math.floor(goldItems / 2))));
}

/**
 * The items of a new sitting: `quizSize` drawn at random from the items earlier sittings showed, plus as many fresh
 * ones as the pool still has room for (and as a sitting needs). `shuffle` is the caller's seeded shuffle.
 */
export function drawQuizItems(input: { exposed: readonly string[]; fresh: readonly string[]; exposedInCampaign: number; quizSize: number; goldItems: number; shuffle: <T>(xs: readonly T[]) => T[] }): string[] {
  const { exposed, fresh, exposedInCampaign, quizSize, goldItems, shuffle } = input;
  const room = Math.max(0, quizPoolSize(quizSize, goldItems) - exposedInCampaign, quizSize - exposed.length);
  const candidates = [...exposed, ...shuffle(fresh).slice(0, room)];
  return shuffle(candidates).slice(0, quizSize);
}

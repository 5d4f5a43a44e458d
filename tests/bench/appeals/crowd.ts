// The simulated crowd of the appeals bench: items with a hidden truth and a difficulty, reviewers who err more on hard
// items (and, when they err on a good one, mostly take it for bad: a shared mistake, not noise), and spammers.
import { LABELS, type Label, type Truth } from "../trust-sim/texts";

/** A sample as the bench knows it: what it really is, how hard it is to judge, and the label its contributor gave. */
export type Item = { truth: Truth; difficulty: number; label: Label };

export type ReviewerKind = "good" | "random-spammer" | "reject-spammer";
export type Reviewer = { kind: ReviewerKind; skill: number };

export type Vote = { verdict: "ACCEPT" } | { verdict: "ACCEPT"; label: Label } | { verdict: "REJECT"; reason: "low_quality" };

/** Item difficulties and how often they occur: most items are easy, a tail is hard for everybody. */
const DIFFICULTIES: readonly [number, number][] = [
  [0, 0.55],
  [0.1, 0.25],
  [0.2, 0.12],
  [0.3, 0.08],
];

export function drawDifficulty(random: () => number): number {
  let u = random();
  for (const [difficulty, share] of DIFFICULTIES) {
    if (u < share) return difficulty;
    u -= share;
  }
  return DIFFICULTIES[DIFFICULTIES.length - 1]![0];
}

/** A good reviewer's skill on an easy item; difficulty takes from it. */
export function drawSkill(random: () => number): number {
  return 0.85 + random() * 0.12;
}

/** The chance a reviewer of `skill` judges an item of `difficulty` right. */
export function accuracy(skill: number, difficulty: number): number {
  return Math.max(0.5, skill - difficulty);
}

/**
 * What a reviewer perceives: the truth with the item's accuracy; otherwise a good item looks bad (more often the harder
 * it is) or like another label, and a bad one looks acceptable as labeled.
 */
export function perceive(reviewer: Reviewer, item: Item, random: () => number): Truth {
  if (random() < accuracy(reviewer.skill, item.difficulty)) return item.truth;
  if (item.truth === "junk") return item.label;
  if (random() < 0.5 + item.difficulty) return "junk";
  const others = LABELS.filter((l) => l !== item.truth);
  return others[Math.floor(random() * others.length)]!;
}

/** The vote a reviewer sends for an item whose contributor gave `label`. */
export function voteOn(reviewer: Reviewer, item: Item, random: () => number): Vote {
  if (reviewer.kind === "reject-spammer") return { verdict: "REJECT", reason: "low_quality" };
  if (reviewer.kind === "random-spammer") return random() < 0.5 ? { verdict: "ACCEPT" } : { verdict: "REJECT", reason: "low_quality" };
  const seen = perceive(reviewer, item, random);
  if (seen === "junk") return { verdict: "REJECT", reason: "low_quality" };
  return seen === item.label ? { verdict: "ACCEPT" } : { verdict: "ACCEPT", label: seen };
}

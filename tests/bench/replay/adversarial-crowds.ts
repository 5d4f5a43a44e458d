import { seededRandom, type Vote } from "../../../lib/domain/consensus";
import type { ReplayCrowd } from "./replay";

/**
 * Synthetic crowds built to break Dawid-Skene's assumptions (independent errors of a fixed skill per reviewer), so
 * the replay's promise is checked where the model is wrong, not only on crowds drawn from it:
 * - difficulty: items of varied difficulty; on a hard item everybody's answers are near guesses (spread evenly);
 * - confusable: a share of the items looks like a neighbouring class and most reviewers say so together;
 * - spammers: a third of the reviewers answer at random or always the same class;
 * - colluders: a group votes one fixed class on everything it sees, as one;
 * - sparse: hundreds of reviewers with a handful of votes each.
 * Each item has `votesPerItem` votes from distinct reviewers, enough for the replay to keep asking.
 */
export type AdversarialKind = "difficulty" | "confusable" | "spammers" | "colluders" | "sparse";

export const ADVERSARIAL_KINDS: readonly AdversarialKind[] = ["difficulty", "confusable", "spammers", "colluders", "sparse"];

export function adversarialCrowd(kind: AdversarialKind, seed: number): ReplayCrowd & { name: string } {
  const random = seededRandom(seed * 1009 + ADVERSARIAL_KINDS.indexOf(kind));
  const classes = kind === "confusable" || kind === "difficulty" ? 4 : 2;
  const items = 400;
  const reviewers = kind === "sparse" ? 800 : 60;
  const votesPerItem = 12;
  // Skill: P(knowing the answer) on an ordinary item, 0.45 to 0.95.
  const skill = Array.from({ length: reviewers }, () => 0.45 + 0.5 * random());
  const spammer = Array.from({ length: reviewers }, (_, j) => (kind === "spammers" && j % 3 === 0 ? (j % 2 === 0 ? "random" : "constant") : null));
  const colluder = Array.from({ length: reviewers }, (_, j) => kind === "colluders" && j < 8);
  const votes: Vote[] = [];
  const truth = new Map<string, number>();
  for (let i = 0; i < items; i++) {
    const itemId = `${kind}-${String(i).padStart(4, "0")}`;
    const z = Math.floor(random() * classes);
    truth.set(itemId, z);
    // How far an item is judged at all: 1 for most, near 0 for the hard tail.
    const clarity = kind === "difficulty" ? Math.pow(random(), 0.6) : 1;
    const looksLike = kind === "confusable" && random() < 0.12 ? (z + 1) % classes : z;
    const chosen = new Set<number>();
    while (chosen.size < votesPerItem) chosen.add(Math.floor(random() * reviewers));
    for (const j of chosen) {
      let label: number;
      if (colluder[j]) label = 0;
      else if (spammer[j] === "random") label = Math.floor(random() * classes);
      else if (spammer[j] === "constant") label = classes - 1;
      else if (random() < skill[j]! * clarity) label = random() < 0.85 ? looksLike : z;
      // A hard item is guessed evenly; elsewhere a guess leans to the class next to the one the item looks like, so
      // mistakes are not spread evenly.
      else label = kind !== "difficulty" && random() < 0.5 ? (looksLike + 1) % classes : Math.floor(random() * classes);
      votes.push({ itemId, reviewerId: `${kind}-r${j}`, label });
    }
  }
  return { name: `synthetic-${kind}`, classes, votes, truth };
}

// Sample texts for the trust benches (Sybil, appeals): every text is distinct enough to pass the near-duplicate check,
// and its true class (a sentiment, or junk) is known to the bench, which plays reviewers who perceive it with some skill.

export const LABELS = ["positive", "negative", "neutral"] as const;
export type Label = (typeof LABELS)[number];
/** What a sample really is: one of the labels, or junk no buyer wants. */
export type Truth = Label | "junk";

const NOUNS = ["battery", "strap", "screen", "hinge", "keyboard", "speaker", "charger", "lens", "case", "cable", "button", "zipper", "handle", "lid", "sole", "seam", "display", "fan", "motor", "filter"];
const PLACES = ["kitchen", "garage", "office", "garden", "train", "bedroom", "car", "studio", "cabin", "balcony", "workshop", "classroom"];
const TONE: Record<Label, string[]> = {
  positive: ["works beautifully", "exceeded what I hoped", "is a real pleasure", "feels solid and well made", "made my week easier"],
  negative: ["broke within days", "is a constant annoyance", "stopped working quickly", "feels cheap and flimsy", "was a waste of money"],
  neutral: ["does what the box says", "is about average", "is fine, nothing more", "works as described", "is neither good nor bad"],
};

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** A product review of the given sentiment, unique by its serial number and word choice. */
export function reviewText(truth: Label, serial: number, random: () => number): string {
  const noun = pick(random, NOUNS);
  return (
    `Review ${serial}: I used the ${noun} in the ${pick(random, PLACES)} for ${2 + Math.floor(random() * 40)} days. ` +
    `The ${noun} ${pick(random, TONE[truth])}, and the ${pick(random, NOUNS)} ${pick(random, TONE[truth])}. ` +
    `Order ${Math.floor(random() * 1e9).toString(36)} from the ${pick(random, PLACES)} shop.`
  );
}

/** Text no buyer wants: random characters dressed as a review. */
export function junkText(serial: number, random: () => number): string {
  const words = Array.from({ length: 14 }, () => Math.floor(random() * 36 ** 5).toString(36));
  return `Junk ${serial} ${words.join(" ")}`;
}

/** The label a reviewer of `skill` perceives: the truth with probability `skill`, otherwise another class. */
export function perceive(truth: Truth, skill: number, random: () => number): Truth {
  if (random() < skill) return truth;
  const others = (["positive", "negative", "neutral", "junk"] as const).filter((t) => t !== truth);
  return pick(random, others);
}

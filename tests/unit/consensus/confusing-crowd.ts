import { seededRandom, type Vote } from "../../../lib/domain/consensus";

/**
 * A dense binary crowd in which some samples look like the other class (as in Bluebirds, photos of one
 * species that look like the other): reviewer j answers 1 on sample i of class k with probability
 * sigmoid(skill_j * (2k - 1) + look_i), where look_i is 0 for an ordinary sample and `shift` nats toward
 * the other class for a confusing one. Skilled reviewers resist a misleading look, the others follow it,
 * so the errors on a confusing sample go together. Every reviewer answers every sample.
 */
export interface ConfusingCrowdOptions {
  readonly seed: number;
  readonly items: number;
  readonly reviewers: number;
  /** Share of the samples that look like the other class. */
  readonly confusing: number;
  readonly shift: number;
}

export function confusingCrowd(options: ConfusingCrowdOptions): { votes: Vote[]; truth: Map<string, number> } {
  const random = seededRandom(options.seed);
  const votes: Vote[] = [];
  const truth = new Map<string, number>();
  // Skills from 0.5 to 4 nats: from barely better than chance to nearly always right.
  const skills = Array.from({ length: options.reviewers }, () => 0.5 + 3.5 * random());
  for (let i = 0; i < options.items; i++) {
    const itemId = `s${String(i).padStart(3, "0")}`;
    const z = random() < 0.5 ? 1 : 0;
    const sign = 2 * z - 1;
    const look = random() < options.confusing ? -sign * options.shift : 0;
    truth.set(itemId, z);
    skills.forEach((skill, j) => {
      const p = 1 / (1 + Math.exp(-(skill * sign + look)));
      votes.push({ itemId, reviewerId: `r${String(j).padStart(2, "0")}`, label: random() < p ? 1 : 0 });
    });
  }
  return { votes, truth };
}

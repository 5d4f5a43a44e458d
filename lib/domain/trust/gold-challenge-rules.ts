// Gold challenges: a staked reviewer who answered a gold item may challenge its known answer with a bond; a fresh,
// blind panel decides the item's class with the calibrated rule, and a class other than the gold answer corrects it.
// Pure: the service reads the challenger's record, and maps a refusal's code to an HTTP status through AppError.
import { BINARY_CLASS, type OutcomeSpace } from "@/lib/domain/consensus";
import { appealWindowEnds } from "./appeal-rules";
import { resolvePanel, SMALLEST_SECOND_PANEL_SIZE, type PanelResolution } from "./panel-rules";

export type GoldChallengeRequest = {
  challengerId: string;
  bond: bigint;
  now: Date;
  /** A reviewer of the campaign (an active CampaignReviewer row, or the reviewer role without a revoked row). */
  reviewer: boolean;
  /** The challenger's active stake in the campaign and the campaign's requirement (0: none). */
  stake: { active: bigint; required: bigint };
  /** When the challenger last answered this gold item (queue or quiz); null if never. */
  answeredAt: Date | null;
  campaign: { appealWindowDays: number; minimumBond: bigint };
  /** Earlier challenges of this gold item, any challenger, any state. */
  earlier: readonly { challengerId: string; state: string }[];
  /** The challenger's DATA balance, when known before the bond transaction. */
  balance: bigint | null;
};

export type GoldChallengeRefusal = {
  code: "not-reviewer" | "not-staked" | "not-answered" | "already-challenged" | "challenge-open" | "window-closed" | "bond-too-small" | "insufficient-balance";
  message: string;
};

const OPEN_STATES = new Set(["AWAITING_BOND", "OPEN"]);

/**
 * The first reason `request` cannot be filed, or null. A stake is required even where the campaign asks none: the
 * challenger's own DATA backs the claim that the answer everyone is measured by is wrong. One challenge at a time per
 * gold item (a second panel on the same question would only race the first), and one per challenger per item.
 */
export function goldChallengeRefusal(request: GoldChallengeRequest, formatData: (wei: bigint) => string): GoldChallengeRefusal | null {
  if (!request.reviewer) return { code: "not-reviewer", message: "Only a reviewer of this campaign can challenge a gold answer." };
  const { active, required } = request.stake;
  if (active <= 0n || active < required) {
    return { code: "not-staked", message: `Only a reviewer with an active stake covering the campaign's (${formatData(required > 0n ? required : 1n)} DATA) can challenge a gold answer; you have ${formatData(active)} DATA staked.` };
  }
  if (request.answeredAt === null) return { code: "not-answered", message: "You can only challenge the answer of a gold item you answered yourself." };
  if (request.earlier.some((c) => c.challengerId === request.challengerId && !OPEN_STATES.has(c.state))) {
    return { code: "already-challenged", message: "You already challenged this gold answer; a reviewer challenges a gold item once." };
  }
  if (request.earlier.some((c) => OPEN_STATES.has(c.state))) return { code: "challenge-open", message: "This gold answer is already being challenged; wait for that panel's decision." };
  const ends = appealWindowEnds(request.answeredAt, request.campaign.appealWindowDays);
  if (request.now.getTime() > ends.getTime()) {
    return { code: "window-closed", message: `The challenge window closed on ${ends.toISOString().slice(0, 10)}, ${request.campaign.appealWindowDays} days after your answer.` };
  }
  if (request.bond < request.campaign.minimumBond) {
    return { code: "bond-too-small", message: `The bond must be at least ${formatData(request.campaign.minimumBond)} DATA; ${formatData(request.bond)} DATA was offered.` };
  }
  if (request.balance !== null && request.balance < request.bond) {
    return { code: "insufficient-balance", message: `The bond is ${formatData(request.bond)} DATA but the wallet holds ${formatData(request.balance)} DATA.` };
  }
  return null;
}

/** The once-key of the n-th challenge of a gold item's sample (Appeal.onceKey): two filings cannot both be the n-th. */
export function goldChallengeOnceKey(sampleId: string, earlierChallenges: number): string {
  return `gold:${sampleId}:${earlierChallenges + 1}`;
}

export type GoldAnswer = { expectedVerdict: "ACCEPT" | "REJECT"; expectedLabel: string | null };

/** The gold answer that says `k`: "unacceptable" is a rejection, a label class an acceptance with that label. */
export function goldAnswerOfClass(space: OutcomeSpace, k: number): GoldAnswer {
  if (k === space.unacceptable) return { expectedVerdict: "REJECT", expectedLabel: null };
  if (space.kind === "as-labeled") {
    if (k !== BINARY_CLASS.accept) throw new RangeError(`Class ${k} is not a class of this campaign.`);
    return { expectedVerdict: "ACCEPT", expectedLabel: null };
  }
  const label = space.classNames[k];
  if (label === undefined) throw new RangeError(`Class ${k} is not a class of this campaign.`);
  return { expectedVerdict: "ACCEPT", expectedLabel: label };
}

export type GoldChallengeResolution =
  | { kind: "next-round"; round: 2 }
  /** OVERTURNED: the panel decided another class, which becomes the answer; UPHELD: the answer stands. */
  | { kind: "final"; appealState: "OVERTURNED"; correctedClass: number }
  | { kind: "final"; appealState: "UPHELD"; correctedClass: null };

/**
 * What a panel's decision does to a gold challenge. The panel decides the item's class as it would any sample's
 * (panel-rules.ts: a split first panel is followed once by a larger one). The challenge wins only when the panel
 * reached the threshold on a class other than the gold answer's; a panel that agrees with the gold answer, or a split
 * larger panel, upholds it: an answer that measures everyone changes only when a panel is convinced otherwise.
 */
export function resolveGoldChallenge(
  round: 1 | 2,
  decision: "ACCEPT" | "REJECT" | "ESCALATE" | "NEED_MORE_REVIEWS",
  decidedClass: number | null,
  goldClass: number | null,
): GoldChallengeResolution {
  const panel: PanelResolution = resolvePanel(round, decision);
  if (panel.kind === "next-round") return panel;
  const decided = decision === "ACCEPT" || decision === "REJECT";
  if (decided && decidedClass !== null && decidedClass !== goldClass) return { kind: "final", appealState: "OVERTURNED", correctedClass: decidedClass };
  return { kind: "final", appealState: "UPHELD", correctedClass: null };
}

/**
 * A split first panel whose larger panel cannot be seated (too few fresh, staked, measured reviewers are left): the
 * gold answer stands, as after a split larger panel (panel-rules.ts resolveWithoutLargerPanel).
 */
export function goldChallengeWithoutLargerPanel(): GoldChallengeResolution {
  return { kind: "final", appealState: "UPHELD", correctedClass: null };
}

/**
 * Whether a pending gold-floor finding still holds once the gold answers it measured are scored again (after a
 * correction): the window's new accuracy must still be below the floor it was found under.
 */
export function goldFindingStillHolds(window: readonly boolean[], floor: number): boolean {
  if (window.length === 0) return false;
  return window.filter(Boolean).length / window.length < floor;
}

/**
 * One sentence for the challenge's page: how its panel decided, in the words of the campaign's classes. `sizes`: the
 * seats of each round judged (a larger panel is judged together with the split first one, panel-rules.ts).
 */
export function goldChallengeNote(args: { sizes: readonly number[]; resolution: GoldChallengeResolution; probability: number; threshold: number; decidedName: string | null; goldName: string; largerPanelUnavailable?: boolean }): string {
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  const together = args.sizes.length > 1;
  const panel = together ? `The panels of ${args.sizes.join(" and ")}, judged together,` : `The panel of ${args.sizes[0]}`;
  const was = together ? "were" : "was";
  const odds = `best ${pct(args.probability)}, threshold ${pct(args.threshold)}`;
  const at = `${pct(args.probability)} (threshold ${pct(args.threshold)})`;
  if (args.largerPanelUnavailable) {
    return `${panel} ${was} split (${odds}) and fewer than ${SMALLEST_SECOND_PANEL_SIZE} fresh reviewers are eligible for a larger panel: the gold answer '${args.goldName}' stands.`;
  }
  if (args.resolution.kind === "next-round") return `${panel} ${was} split (${odds}): a larger, fresh panel sits next.`;
  if (args.resolution.appealState === "OVERTURNED") return `${panel} decided '${args.decidedName}' at ${at}: the gold answer '${args.goldName}' is corrected to '${args.decidedName}'.`;
  if (args.decidedName !== null) return `${panel} decided '${args.decidedName}' at ${at}, as the gold answer says: it stands.`;
  return `${panel} ${was} split (${odds}): the gold answer '${args.goldName}' stands.`;
}

// Who may appeal what, when, and with how large a bond. Pure: the service reads the sample, the campaign and any
// earlier appeal, and maps a refusal's code to an HTTP status through the app's one error type.

export const DEFAULT_APPEAL_WINDOW_DAYS = 7;

export type AppealableStatus = "REJECTED" | "ESCALATED";

export type AppealRequest = {
  appellantId: string;
  bond: bigint;
  now: Date;
  sample: { contributorId: string; status: string; decidedAt: Date | null; paid: boolean };
  campaign: { appealWindowDays: number; minimumBond: bigint };
  /** An appeal already filed for the sample (any state): a sample is appealed once. */
  earlierAppeal: boolean;
  /** The appellant's DATA balance, when known before the bond transaction. */
  balance: bigint | null;
};

export type AppealRefusal =
  | { code: "not-contributor"; message: string }
  | { code: "not-appealable"; message: string }
  | { code: "window-closed"; message: string }
  | { code: "already-appealed"; message: string }
  | { code: "bond-too-small"; message: string }
  | { code: "insufficient-balance"; message: string };

const DAY_MS = 24 * 3600 * 1000;

/** When the appeal window of a sample decided at `decidedAt` closes. */
export function appealWindowEnds(decidedAt: Date, windowDays: number): Date {
  return new Date(decidedAt.getTime() + windowDays * DAY_MS);
}

/** The first reason `request` cannot be filed, or null when it can. */
export function appealRefusal(request: AppealRequest, formatData: (wei: bigint) => string): AppealRefusal | null {
  const { sample, campaign } = request;
  if (request.appellantId !== sample.contributorId) return { code: "not-contributor", message: "Only the sample's contributor can appeal its decision." };
  if (sample.status !== "REJECTED" && sample.status !== "ESCALATED") {
    return { code: "not-appealable", message: `Only a rejected sample, or one left undecided, can be appealed; this one is ${sample.status.toLowerCase().replace("_", " ")}.` };
  }
  if (sample.paid) return { code: "not-appealable", message: "This sample's decision has already been paid out and is final." };
  if (request.earlierAppeal) return { code: "already-appealed", message: "This sample has already been appealed; a sample is appealed once." };
  if (sample.decidedAt === null) return { code: "not-appealable", message: "This sample has no decision to appeal yet." };
  const ends = appealWindowEnds(sample.decidedAt, campaign.appealWindowDays);
  if (request.now.getTime() > ends.getTime()) {
    return { code: "window-closed", message: `The appeal window closed on ${ends.toISOString().slice(0, 10)}, ${campaign.appealWindowDays} days after the decision.` };
  }
  if (request.bond < campaign.minimumBond) {
    return { code: "bond-too-small", message: `The bond must be at least ${formatData(campaign.minimumBond)} DATA; ${formatData(request.bond)} DATA was offered.` };
  }
  if (request.balance !== null && request.balance < request.bond) {
    return { code: "insufficient-balance", message: `The bond is ${formatData(request.bond)} DATA but the wallet holds ${formatData(request.balance)} DATA.` };
  }
  return null;
}

/**
 * When a reviewer fee for a decision may be paid: a rejection can be appealed until its window closes, and an
 * overturn takes the fee from those who voted wrong, so their fees wait for the window; a sample that cannot be
 * appealed (accepted) pays at once (null).
 */
export function reviewerFeePayableAfter(outcome: "ACCEPT" | "REJECT", decidedAt: Date, windowDays: number): Date | null {
  return outcome === "REJECT" ? appealWindowEnds(decidedAt, windowDays) : null;
}

/** A fee held while an appeal of its sample is open: paid once the panel decided (then released to `now`). */
export const HELD_UNTIL_DECIDED = new Date("9999-12-31T00:00:00.000Z");

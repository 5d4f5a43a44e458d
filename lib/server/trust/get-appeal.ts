import "server-only";
import { appealWindowEnds } from "@/lib/domain/trust/appeal-rules";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";

export type AppealTransfer = { what: string; amountWei: string; txHash: string | null; state: string };
export type AppealVote = { round: number; reviewer: string; votedFor: string | null; verdict: string };

export type AppealView = {
  id: string;
  kind: string;
  state: string;
  round: number;
  bondWei: string;
  sample: { id: string; campaignTitle: string; campaignSlug: string; appealedStatus: string | null; status: string };
  /** Shown to the appellant and admins only; the public sees the appeal without the sample's content. */
  mine: boolean;
  timeline: { at: Date; what: string }[];
  outcomeNote: string | null;
  /** The panel's votes, only once the appeal is decided (a sitting panel is blind and anonymous). */
  votes: AppealVote[];
  transfers: AppealTransfer[];
  /** A won gold challenge: the gold answer before and after (verdict, and label when it names one). */
  correction: { from: string; to: string; at: Date } | null;
};

const goldWords = (verdict: string, label: string | null) => (verdict === "REJECT" ? "reject" : label ? `accept as '${label}'` : "accept");

/**
 * An appeal as its public page shows it: its timeline, the panel's votes once decided, the outcome and every transfer
 * (bond, settlement, reward) with its transaction. Anyone may read it; who sits on a panel is told nobody until the
 * panel decided.
 */
export async function getAppeal(viewer: SessionUser | null, id: string): Promise<AppealView> {
  const appeal = await db.appeal.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      state: true,
      round: true,
      bondWei: true,
      bondTxHash: true,
      appellantId: true,
      appealedStatus: true,
      createdAt: true,
      openedAt: true,
      decidedAt: true,
      outcomeNote: true,
      sample: { select: { id: true, status: true, campaign: { select: { title: true, slug: true } } } },
      seats: { select: { round: true, reviewerId: true, createdAt: true, releasedAt: true, releaseReason: true, reviewer: { select: { address: true } } } },
      settlement: { select: { outcome: true, state: true, txHash: true, amounts: true, roles: true, settledAt: true } },
      correction: { select: { fromVerdict: true, fromLabel: true, toVerdict: true, toLabel: true, createdAt: true } },
    },
  });
  if (!appeal) throw new AppError("NOT_FOUND", "That appeal does not exist.");
  const decided = appeal.state === "OVERTURNED" || appeal.state === "UPHELD";

  const timeline: { at: Date; what: string }[] = [];
  const opened = {
    appeal: "Bond credited from the escrow's event: the appeal opened.",
    gold: "Bond credited from the escrow's event: the challenge opened.",
    escalation: "Left undecided by its reviewers: sent to a panel funded by the campaign.",
  }[appeal.kind];
  if (appeal.kind === "appeal") timeline.push({ at: appeal.createdAt, what: "Filed by the contributor, waiting for the bond." });
  if (appeal.kind === "gold") timeline.push({ at: appeal.createdAt, what: "A gold answer challenged by a staked reviewer who answered it, waiting for the bond." });
  if (appeal.openedAt) timeline.push({ at: appeal.openedAt, what: opened ?? "Opened." });
  const rounds = [...new Set(appeal.seats.map((s) => s.round))].sort();
  for (const round of rounds) {
    const seats = appeal.seats.filter((s) => s.round === round);
    const first = Math.min(...seats.map((s) => s.createdAt.getTime()));
    const original = seats.filter((s) => s.createdAt.getTime() === first);
    timeline.push({ at: original[0]!.createdAt, what: `A fresh panel of ${original.length} was seated (round ${round}).` });
  }
  for (const seat of appeal.seats) {
    if (!seat.releasedAt) continue;
    const why = seat.releaseReason === "skipped" ? "skipped the sample" : "did not vote in time";
    timeline.push({ at: seat.releasedAt, what: `A panelist of round ${seat.round} ${why}: the seat went to the next eligible reviewer.` });
  }
  if (appeal.decidedAt) timeline.push({ at: appeal.decidedAt, what: appeal.outcomeNote ?? `Decided: ${appeal.state.toLowerCase()}.` });
  const { correction } = appeal;
  const corrected = correction ? { from: goldWords(correction.fromVerdict, correction.fromLabel), to: goldWords(correction.toVerdict, correction.toLabel), at: correction.createdAt } : null;
  if (corrected) timeline.push({ at: corrected.at, what: `The gold answer was corrected from ${corrected.from} to ${corrected.to}: every reviewer it measured is scored on the new answer.` });
  if (appeal.settlement?.settledAt) timeline.push({ at: appeal.settlement.settledAt, what: "The bond was paid out by the escrow." });

  const votes = decided ? await panelVotes(appeal.sample.id, appeal.seats.filter((s) => !s.releasedAt)) : [];
  const transfers: AppealTransfer[] = [];
  if (appeal.kind !== "escalation" && appeal.bondTxHash) transfers.push({ what: "Bond posted into the escrow", amountWei: appeal.bondWei, txHash: appeal.bondTxHash, state: "CONFIRMED" });
  if (appeal.settlement) {
    const total = (appeal.settlement.amounts as string[]).reduce((sum, a) => sum + BigInt(a), 0n);
    const roles = [...new Set(appeal.settlement.roles as string[])].join(", ");
    transfers.push({ what: `Bond paid out (to: ${roles})`, amountWei: total.toString(), txHash: appeal.settlement.txHash, state: appeal.settlement.state });
  }
  if (appeal.state === "OVERTURNED" && appeal.kind !== "gold") {
    const reward = await db.payout.findFirst({ where: { subjectId: appeal.sample.id, reason: PAYOUT_REASONS.SAMPLE_ACCEPTED }, select: { amountWei: true, txHash: true, status: true } });
    if (reward) transfers.push({ what: "The sample's reward", amountWei: reward.amountWei, txHash: reward.txHash, state: reward.status });
  }

  const mine = viewer !== null && (viewer.id === appeal.appellantId || viewer.roles.includes("ADMIN"));
  return {
    id: appeal.id,
    kind: appeal.kind,
    state: appeal.state,
    round: appeal.round,
    bondWei: appeal.bondWei,
    sample: { id: appeal.sample.id, campaignTitle: appeal.sample.campaign.title, campaignSlug: appeal.sample.campaign.slug, appealedStatus: appeal.appealedStatus, status: appeal.sample.status },
    mine,
    timeline: timeline.sort((a, b) => a.at.getTime() - b.at.getTime()),
    outcomeNote: decided ? appeal.outcomeNote : null,
    votes,
    transfers,
    correction: corrected,
  };
}

/** The seated panelists' votes, read from the panel's recorded decisions (what the consensus counted them as). */
async function panelVotes(sampleId: string, seats: { round: number; reviewerId: string; reviewer: { address: string } }[]): Promise<AppealVote[]> {
  const decisions = await db.consensusDecision.findMany({ where: { sampleId, flagged: false }, orderBy: { createdAt: "asc" }, select: { inputs: true } });
  const votedFor = new Map<string, { votedFor: string | null; verdict: string }>();
  for (const d of decisions) for (const v of (d.inputs as unknown as DecisionInputs).votes ?? []) votedFor.set(v.reviewerId, { votedFor: v.votedFor ?? null, verdict: v.verdict });
  return seats
    .map((s) => ({ round: s.round, reviewer: s.reviewer.address, ...(votedFor.get(s.reviewerId) ?? { votedFor: null, verdict: "—" }) }))
    .sort((a, b) => a.round - b.round || (a.reviewer < b.reviewer ? -1 : 1));
}

export type SampleAppealState = {
  appealId: string | null;
  state: string | null;
  kind: string | null;
  /** Whether the contributor may file now (a rejected or undecided sample, within its window, not yet appealed). */
  canAppeal: boolean;
  windowEnds: Date | null;
  minimumBondWei: string;
  rewardWei: string;
};

/** What the sample page needs to offer an appeal, for the sample's contributor. */
export async function sampleAppealState(viewer: SessionUser, sampleId: string, now = new Date()): Promise<SampleAppealState> {
  const sample = await db.sample.findUnique({
    where: { id: sampleId },
    select: { contributorId: true, status: true, decidedAt: true, appeals: { where: { kind: { not: "gold" } }, select: { id: true, state: true, kind: true } }, campaign: { select: { appealWindowDays: true, appealBondWei: true, rewardWei: true } } },
  });
  if (!sample || (sample.contributorId !== viewer.id && !viewer.roles.includes("ADMIN"))) throw new AppError("NOT_FOUND", "That sample does not exist.");
  const windowEnds = sample.decidedAt ? appealWindowEnds(sample.decidedAt, sample.campaign.appealWindowDays) : null;
  const appealable = (sample.status === "REJECTED" || sample.status === "ESCALATED") && windowEnds !== null && now <= windowEnds;
  const appeal = sample.appeals[0] ?? null;
  const awaiting = appeal?.state === "AWAITING_BOND";
  return {
    appealId: appeal?.id ?? null,
    state: appeal?.state ?? null,
    kind: appeal?.kind ?? null,
    canAppeal: sample.contributorId === viewer.id && appealable && (appeal === null || awaiting),
    windowEnds,
    minimumBondWei: sample.campaign.appealBondWei ?? sample.campaign.rewardWei,
    rewardWei: sample.campaign.rewardWei,
  };
}

/** Appeals of a campaign's samples by state, for its public page. */
export async function campaignAppealCounts(campaignId: string): Promise<{ open: number; overturned: number; upheld: number; escalations: number }> {
  const rows = await db.appeal.groupBy({ by: ["state", "kind"], where: { sample: { campaignId }, state: { not: "AWAITING_BOND" } }, _count: { _all: true } });
  const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((n, r) => n + r._count._all, 0);
  return {
    open: count((r) => r.state === "OPEN"),
    overturned: count((r) => r.state === "OVERTURNED"),
    upheld: count((r) => r.state === "UPHELD"),
    escalations: count((r) => r.kind === "escalation"),
  };
}

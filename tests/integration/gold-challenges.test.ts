// Gold challenges (issue 18 item 5) against a real SQLite file and the integration Hardhat node: a staked reviewer
// challenges a gold answer they gave with a bond; the escrow indexer opens it from the BondPosted event; a fresh,
// blind panel is served the gold item as an ordinary item; a panel deciding another class corrects the answer, which
// re-scores the reviewers it measured (gold accuracy, a pending slash finding) and returns the bond; a panel agreeing
// with the answer pays the bond to the panel and the treasury.
import { parseUnits, type Address } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { createPayoutAccount, createPayoutWalletClient, createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { dataBalanceOf, mintData } from "@/lib/chain/token";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { getEnv } from "@/lib/env";
import { toAppError } from "@/lib/server/http";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import type { PayoutContext } from "@/lib/server/payouts/payout-context";
import { outcomeSpace } from "@/lib/domain/consensus";
import { readCampaignReviewsCached } from "@/lib/server/reviews/cached-campaign-reviews";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { fitCampaign } from "@/lib/server/reviews/consensus-fit";
import { campaignsDueForFit } from "@/lib/server/reviews/fit-schedule";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { getAppeal } from "@/lib/server/trust/get-appeal";
import { scoredGoldAnswers } from "@/lib/server/trust/gold-answers";
import { fileGoldChallenge, listMyGoldAnswers } from "@/lib/server/trust/gold-challenges";
import { settleDecidedBonds } from "@/lib/server/trust/settle-bonds";
import { recordSlashFindings } from "@/lib/server/trust/slash-findings";
import { makeCampaign } from "../support/campaigns";
import { hardhatWallet } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { escrowWrite, indexEscrowToHead } from "../support/escrow";
import { rpc } from "../support/payouts/payout-fixtures";
import { pendingSample, reviewers, sessionUser } from "../support/reviews";

const DATA = (n: string) => parseUnits(n, 18);
const LABELS = ["sports", "politics", "tech", "world"] as const;
const NO_GOLD = () => 0.99;
const ALWAYS_GOLD = () => 0;
const STAKE = DATA("1");
const publicClient = createTesseraPublicClient();
const challengerWallet = hardhatWallet(8);
const strangerWallet = hardhatWallet(9);

let token: Address;
let escrow: Address;
let distributor: Address;
let campaignId: string;
let contributor: SessionUser;
let challenger: SessionUser;
let crowd: SessionUser[];
/** The gold item whose answer ("reject") is wrong: the sample is a fine "sports" item. */
let wrongGold: { id: string; sampleId: string };

const balanceOf = (address: Address) => dataBalanceOf(publicClient, token, address);

async function userOf(wallet: TesseraWalletClient, roles: SessionUser["roles"] = []): Promise<SessionUser> {
  const address = wallet.account.address.toLowerCase();
  const user = await db.user.upsert({ where: { address }, create: { address }, update: {} });
  return { id: user.id, address, displayName: null, roles };
}

async function gold(expected: { verdict: "ACCEPT" | "REJECT"; label: string | null }, labels = "sports") {
  const sample = await pendingSample(campaignId, contributor.id, { labels });
  return db.goldItem.create({ data: { campaignId, sampleId: sample.id, expectedVerdict: expected.verdict, expectedLabel: expected.label }, select: { id: true, sampleId: true } });
}

async function answer(reviewer: SessionUser, sampleId: string, verdict: "ACCEPT" | "REJECT", at: Date) {
  await db.review.create({ data: { sampleId, reviewerId: reviewer.id, verdict, reason: verdict === "REJECT" ? "low_quality" : null, createdAt: at } });
}

/** Files the challenge, posts the bond from the challenger's wallet and lets the indexer credit it. */
async function challenge(bond = DATA("2")) {
  const filed = await fileGoldChallenge(challenger, { goldItemId: wrongGold.id, bondWei: bond.toString() }, { balanceOf });
  await escrowWrite(challengerWallet, { address: token, isToken: true }, "approve", [escrow, bond]);
  await escrowWrite(challengerWallet, { address: escrow, isToken: false }, "postBond", [filed.bondKey, bond]);
  await indexEscrowToHead();
  return filed;
}

function payoutContext(): PayoutContext {
  return {
    chainId: getEnv().chainId,
    publicClient,
    account: createPayoutAccount(),
    distributor,
    settings: getEnv().payouts,
    crash: () => undefined,
    assertLease: async () => undefined,
    log: () => undefined,
    now: () => new Date(),
  };
}

const rightAnswers = async (reviewer: SessionUser) => (await scoredGoldAnswers(db, campaignId, reviewer.id)).filter((a) => a.right).length;

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const deployments = await ensureDeployments();
  token = deployments.find((d) => d.name === "DataToken")!.address;
  escrow = deployments.find((d) => d.name === "ReviewEscrow")!.address;
  distributor = deployments.find((d) => d.name === "RewardDistributor")!.address;
  const payer = { publicClient, walletClient: createPayoutWalletClient() };
  await mintData(payer, token, challengerWallet.account.address, DATA("10"));
  await mintData(payer, token, strangerWallet.account.address, DATA("10"));
  await mintData(payer, token, distributor, DATA("1000"));
  contributor = await sessionUser({ name: "Contributor" });
  const campaign = await makeCampaign({ labelSchema: { kind: "single_label", labels: [...LABELS] } });
  campaignId = campaign.id;
  await db.campaign.update({ where: { id: campaignId }, data: { reviewsPerItem: 3, maxReviews: 3, acceptThreshold: 0.9, reviewStakeWei: STAKE.toString(), reliabilityFloor: 0.5 } });

  // A crowd with a long, right gold record: the panel comes from them.
  crowd = await reviewers(7);
  for (let i = 0; i < 30; i++) {
    const truth = i % 3 === 2 ? null : LABELS[i % 4]!;
    const item = await gold({ verdict: truth === null ? "REJECT" : "ACCEPT", label: truth }, truth ?? LABELS[i % 4]!);
    for (const r of crowd) await answer(r, item.sampleId, truth === null ? "REJECT" : "ACCEPT", new Date(Date.now() - 3600_000));
  }
  challenger = await userOf(challengerWallet, ["REVIEWER"]);
  for (const r of [...crowd, challenger]) {
    await db.campaignReviewer.create({ data: { campaignId, userId: r.id, source: "ADMIN", reliability: 0.9 } });
    await db.reviewerStake.create({ data: { campaignId, userId: r.id, activeWei: STAKE.toString() } });
  }

  // The challenger's own record: 5 gold answers, 2 right, 3 wrong, one of them the wrongly known "reject".
  wrongGold = await gold({ verdict: "REJECT", label: null });
  const t0 = Date.now() - 600_000;
  const record = [
    { item: await gold({ verdict: "ACCEPT", label: "sports" }), verdict: "ACCEPT" as const },
    { item: await gold({ verdict: "ACCEPT", label: "sports" }), verdict: "ACCEPT" as const },
    { item: await gold({ verdict: "ACCEPT", label: "sports" }), verdict: "REJECT" as const },
    { item: await gold({ verdict: "ACCEPT", label: "sports" }), verdict: "REJECT" as const },
    { item: wrongGold, verdict: "ACCEPT" as const },
  ];
  for (const [i, r] of record.entries()) await answer(challenger, r.item.sampleId, r.verdict, new Date(t0 + i * 1000));
});

describe("a gold challenge that wins", () => {
  it("is judged blind, corrects the answer, re-scores its reviewers (accuracy, a pending slash finding, the next fit) and returns the bond", async () => {
    const [finding] = await recordSlashFindings();
    expect(finding).toMatchObject({ userId: challenger.id, finding: { kind: "below-gold-floor", goldCorrect: 2, goldAnswers: 5 } });
    expect(await rightAnswers(challenger)).toBe(2);
    const listed = (await listMyGoldAnswers(challenger)).map((a) => a.goldItemId);
    expect(listed).toContain(wrongGold.id);
    // What the list showed is known now: those items are retired from queue gold, and only those.
    const exposed = await db.goldItem.findMany({ where: { campaignId, quizExposedAt: { not: null } }, select: { id: true } });
    expect(exposed.map((g) => g.id).sort()).toEqual([...listed].sort());
    // The fitter's cached read of the campaign, warmed before the challenge.
    const space = outcomeSpace({ kind: "single_label", labels: [...LABELS] });
    await fitCampaign(campaignId);
    const readBefore = readCampaignReviewsCached(campaignId, space);
    expect(readBefore.gold.get(wrongGold.sampleId)).toBe(space.unacceptable);

    const filed = await challenge();
    const opened = await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } });
    expect(opened).toMatchObject({ kind: "gold", state: "OPEN", round: 1, appellantId: challenger.id, sampleId: wrongGold.sampleId });
    const seats = await db.panelSeat.findMany({ where: { appealId: filed.appealId } });
    expect(seats).toHaveLength(3);
    const seated = new Set(seats.map((s) => s.reviewerId));
    expect(seated.has(challenger.id)).toBe(false);
    const panel = crowd.filter((r) => seated.has(r.id));
    const others = crowd.filter((r) => !seated.has(r.id));

    // Off the panel, nobody is served it, not even as gold; on it, it is an ordinary task that says nothing of gold.
    for (const r of others) {
      const task = await claimReview(r, { campaignId, random: ALWAYS_GOLD });
      expect(task?.sampleId ?? null).not.toBe(wrongGold.sampleId);
    }
    for (const p of panel) {
      const task = await claimReview(p, { campaignId, random: NO_GOLD });
      expect(task?.sampleId).toBe(wrongGold.sampleId);
      expect(JSON.stringify(task)).not.toMatch(/gold|challenge|appeal|panel|bond/i);
      await submitVerdict(p, { sampleId: wrongGold.sampleId, verdict: "ACCEPT" });
    }

    const decided = await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } });
    expect(decided).toMatchObject({ state: "OVERTURNED", outcomeNote: expect.stringMatching(/corrected to 'sports'/) });
    expect(await db.goldItem.findUniqueOrThrow({ where: { id: wrongGold.id } })).toMatchObject({ expectedVerdict: "ACCEPT", expectedLabel: "sports", correctedAt: expect.any(Date) });
    expect(await db.goldCorrection.findUniqueOrThrow({ where: { appealId: filed.appealId } })).toMatchObject({ fromVerdict: "REJECT", fromLabel: null, toVerdict: "ACCEPT", toLabel: "sports" });
    // Gold is never decided: the item is back as it was, and ships nothing.
    expect(await db.sample.findUniqueOrThrow({ where: { id: wrongGold.sampleId } })).toMatchObject({ status: "PENDING_REVIEW" });
    expect(await db.payout.count({ where: { subjectId: wrongGold.sampleId, reason: PAYOUT_REASONS.SAMPLE_ACCEPTED } })).toBe(0);

    // Re-scored: the challenger's answer is now right, and the finding measured on the old answer is withdrawn.
    expect(await rightAnswers(challenger)).toBe(3);
    expect(await db.stakeSlash.findUniqueOrThrow({ where: { key: finding!.key } })).toMatchObject({ state: "CANCELLED" });
    expect(await db.auditEvent.count({ where: { action: "stake.slash-cancelled", subject: `user:${challenger.id}` } })).toBe(1);
    expect(await recordSlashFindings()).toEqual([]);
    expect(await campaignsDueForFit({ now: new Date() })).toContain(campaignId);
    // The next fit reads the corrected answer, and not the panel's votes.
    const readAfter = readCampaignReviewsCached(campaignId, space);
    expect(readAfter.gold.get(wrongGold.sampleId)).toBe(LABELS.indexOf("sports"));
    expect(readAfter.count).toBe(readBefore.count);
    await fitCampaign(campaignId);
    expect(await campaignsDueForFit({ now: new Date() })).not.toContain(campaignId);
    // The panel's votes are not gold answers: their records are what they were.
    for (const p of panel) expect((await scoredGoldAnswers(db, campaignId, p.id)).length).toBe(30);
    expect(await db.review.count({ where: { sampleId: wrongGold.sampleId, goldChallengeId: filed.appealId } })).toBe(3);

    const view = await getAppeal(null, filed.appealId);
    expect(view).toMatchObject({ kind: "gold", state: "OVERTURNED", correction: { from: "reject", to: "accept as 'sports'" } });

    // The whole bond back, once.
    expect(await db.bondSettlement.findUniqueOrThrow({ where: { appealId: filed.appealId } })).toMatchObject({ outcome: "OVERTURNED", roles: ["appellant"], amounts: [DATA("2").toString()] });
    const before = await balanceOf(challengerWallet.account.address);
    expect(await settleDecidedBonds(payoutContext())).toBe(1);
    expect(await balanceOf(challengerWallet.account.address)).toBe(before + DATA("2"));
  });
});

describe("a gold challenge that loses", () => {
  it("leaves the answer and the finding as they were and pays the bond to the panel and the treasury", async () => {
    const [finding] = await recordSlashFindings();
    const filed = await challenge(DATA("3"));
    const seated = new Set((await db.panelSeat.findMany({ where: { appealId: filed.appealId } })).map((s) => s.reviewerId));
    const panel = crowd.filter((r) => seated.has(r.id));
    for (const p of panel) {
      const task = await claimReview(p, { campaignId, random: NO_GOLD });
      expect(task?.sampleId).toBe(wrongGold.sampleId);
      await submitVerdict(p, { sampleId: wrongGold.sampleId, verdict: "REJECT", reason: "low_quality" });
    }

    expect(await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } })).toMatchObject({ state: "UPHELD", outcomeNote: expect.stringMatching(/as the gold answer says/) });
    expect(await db.goldItem.findUniqueOrThrow({ where: { id: wrongGold.id } })).toMatchObject({ expectedVerdict: "REJECT", correctedAt: null });
    expect(await db.goldCorrection.count()).toBe(0);
    expect(await db.stakeSlash.findUniqueOrThrow({ where: { key: finding!.key } })).toMatchObject({ state: "FOUND" });
    // The panelists earn the reviewer fee, as any panel's.
    expect((await db.payout.findMany({ where: { subjectId: wrongGold.sampleId, reason: PAYOUT_REASONS.REVIEW_AGREED } })).map((p) => p.recipientId).sort()).toEqual(panel.map((p) => p.id).sort());

    const settlement = await db.bondSettlement.findUniqueOrThrow({ where: { appealId: filed.appealId } });
    expect(settlement).toMatchObject({ outcome: "UPHELD", roles: ["panelist", "panelist", "panelist", "treasury"], amounts: [DATA("0.5"), DATA("0.5"), DATA("0.5"), DATA("1.5")].map(String) });
    const first = (settlement.recipients as string[])[0] as Address;
    const before = await balanceOf(first);
    expect(await settleDecidedBonds(payoutContext())).toBe(1);
    expect(await balanceOf(first)).toBe(before + DATA("0.5"));
  });
});

describe("a quiz answer", () => {
  it("counts as an answer for the window, and its reviewer never sits on the item's panel", async () => {
    const quizzed = crowd[4]!;
    const submittedAt = new Date(Date.now() - 60_000);
    await db.quizAttempt.create({ data: { campaignId, userId: quizzed.id, sampleIds: [wrongGold.sampleId], answers: [{ sampleId: wrongGold.sampleId, verdict: "ACCEPT" }], correct: 0, total: 1, passed: false, submittedAt } });
    // Too late 8 days after the sitting, in time now.
    await expect(fileGoldChallenge(quizzed, { goldItemId: wrongGold.id, bondWei: DATA("2").toString() }, { balanceOf: async () => DATA("5"), now: new Date(submittedAt.getTime() + 8 * 24 * 3600_000) })).rejects.toMatchObject({ code: "CONFLICT" });
    await fileGoldChallenge(quizzed, { goldItemId: wrongGold.id, bondWei: DATA("2").toString() }, { balanceOf: async () => DATA("5") });
    expect(await db.appeal.count({ where: { appellantId: quizzed.id, kind: "gold" } })).toBe(1);

    // Another reviewer's quiz showed it too: the challenger's panel never seats them.
    await db.appeal.deleteMany();
    const shown = crowd[5]!;
    await db.quizAttempt.create({ data: { campaignId, userId: shown.id, sampleIds: [wrongGold.sampleId], total: 1 } });
    const filed = await challenge();
    const seated = (await db.panelSeat.findMany({ where: { appealId: filed.appealId } })).map((s) => s.reviewerId);
    expect(seated).toHaveLength(3);
    expect(seated).not.toContain(shown.id);
    expect(seated).not.toContain(quizzed.id);
    expect(seated).not.toContain(challenger.id);
  });
});

describe("refused challenges write nothing", () => {
  // As the route answers it (http.ts maps every error once).
  const code = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e);
    if (error === null) return null;
    const mapped = toAppError(error);
    return [mapped.code, mapped.status];
  };
  const file = (actor: SessionUser, input: { goldItemId?: string; bondWei?: string }, now?: Date) =>
    fileGoldChallenge(actor, { goldItemId: wrongGold.id, bondWei: DATA("2").toString(), ...input }, { balanceOf, ...(now ? { now } : {}) });

  it.each<[string, () => Promise<unknown>, [string, number]]>([
    ["a contributor, not a reviewer", () => file(contributor, {}), ["FORBIDDEN", 403]],
    ["a reviewer who answered it but has no stake", async () => {
      const unstaked = crowd[0]!;
      await db.reviewerStake.delete({ where: { campaignId_userId: { campaignId, userId: unstaked.id } } });
      await answer(unstaked, wrongGold.sampleId, "ACCEPT", new Date());
      return file(unstaked, {});
    }, ["FORBIDDEN", 403]],
    ["a staked reviewer who never answered it", () => file(crowd[1]!, {}), ["FORBIDDEN", 403]],
    ["not a gold item", async () => file(challenger, { goldItemId: (await pendingSample(campaignId, contributor.id)).id }), ["NOT_FOUND", 404]],
    ["after the window", () => file(challenger, {}, new Date(Date.now() + 8 * 24 * 3600_000)), ["CONFLICT", 409]],
    ["a bond below the minimum", () => file(challenger, { bondWei: "1" }), ["VALIDATION", 422]],
    ["a bond the wallet does not hold", () => file(challenger, { bondWei: DATA("11").toString() }), ["CONFLICT", 409]],
    ["a malformed bond", () => file(challenger, { bondWei: "two" }), ["VALIDATION", 422]],
  ])("%s", async (_, attempt, expected) => {
    expect(await code(attempt())).toEqual(expected);
    expect(await db.appeal.count()).toBe(0);
  });

  it("one challenge at a time: another answerer's filing is refused while the first waits for its bond", async () => {
    const other = crowd[2]!;
    await answer(other, wrongGold.sampleId, "ACCEPT", new Date());
    const filed = await file(challenger, {});
    expect(await file(challenger, {})).toMatchObject({ appealId: filed.appealId });
    expect(await code(file(other, {}))).toEqual(["CONFLICT", 409]);
    expect(await db.appeal.count()).toBe(1);
  });

  it("opens only on a bond from the challenger's wallet under its key", async () => {
    const filed = await file(challenger, {});
    // Someone else posts the bond under the challenger's key: it opens nothing.
    await escrowWrite(strangerWallet, { address: token, isToken: true }, "approve", [escrow, DATA("2")]);
    await escrowWrite(strangerWallet, { address: escrow, isToken: false }, "postBond", [filed.bondKey, DATA("2")]);
    await indexEscrowToHead();
    expect(await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } })).toMatchObject({ state: "AWAITING_BOND", round: 0 });
    expect(await db.auditEvent.count({ where: { action: "escrow.bond-unmatched" } })).toBe(1);
    expect(await db.panelSeat.count()).toBe(0);
    // Filing again returns the same challenge; a bond the challenger posts under a key no challenge has (a forged
    // claim) opens nothing either.
    expect((await fileGoldChallenge(challenger, { goldItemId: wrongGold.id, bondWei: DATA("2").toString() }, { balanceOf })).appealId).toBe(filed.appealId);
    await escrowWrite(challengerWallet, { address: token, isToken: true }, "approve", [escrow, DATA("1")]);
    await escrowWrite(challengerWallet, { address: escrow, isToken: false }, "postBond", [`0x${"11".repeat(32)}`, DATA("1")]);
    await indexEscrowToHead();
    expect(await db.appeal.findUniqueOrThrow({ where: { id: filed.appealId } })).toMatchObject({ state: "AWAITING_BOND", round: 0 });
    expect(await db.auditEvent.count({ where: { action: "escrow.bond-unmatched" } })).toBe(2);
  });
});

// Appeal panels (issue 18 items 4-5) against a real SQLite file and the integration Hardhat node: a credited bond
// seats a fresh panel that alone is served the sample, as an ordinary queue item; the panel's votes decide through the
// calibrated rule; the outcome is paid through the payout outbox and the bond settled by the arbiter exactly once.
import { parseUnits, type Address, type Hex } from "viem";
import { reviewEscrowAbi } from "@/lib/chain/abi";
import { beforeEach, describe, expect, it } from "vitest";
import { createPayoutAccount, createPayoutWalletClient, createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { readBond } from "@/lib/chain/bond-settlement";
import { dataBalanceOf, mintData } from "@/lib/chain/token";
import { PAYOUT_REASONS } from "@/lib/domain/payouts/reasons";
import { HELD_UNTIL_DECIDED, appealWindowEnds } from "@/lib/domain/trust/appeal-rules";
import { getEnv } from "@/lib/env";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import type { PayoutContext } from "@/lib/server/payouts/payout-context";
import { claimReview } from "@/lib/server/reviews/claim-review";
import type { ReviewTask } from "@/lib/server/reviews/review-task";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { fitCampaign } from "@/lib/server/reviews/consensus-fit";
import { advancePanels } from "@/lib/server/trust/advance-panels";
import { fileAppeal } from "@/lib/server/trust/appeals";
import { getAppeal } from "@/lib/server/trust/get-appeal";
import { skipReview } from "@/lib/server/reviews/skip-review";
import { PANEL_SEAT_HOURS } from "@/lib/domain/trust/panel-rules";
import { settleDecidedBonds } from "@/lib/server/trust/settle-bonds";
import { makeCampaign } from "../support/campaigns";
import { hardhatWallet } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { escrowWrite, indexEscrowToHead } from "../support/escrow";
import { rpc, waitUntil } from "../support/payouts/payout-fixtures";
import { startWorker } from "../support/payouts/worker-process";
import { pendingSample, reviewers } from "../support/reviews";

const DATA = (n: string) => parseUnits(n, 18);
const LABELS = ["sports", "politics", "tech", "world"] as const;
/** Never the gold draw: every claim serves the oldest open sample. */
const NO_GOLD = () => 0.99;
const publicClient = createTesseraPublicClient();
const contributorWallet = hardhatWallet(7);

let token: Address;
let escrow: Address;
let distributor: Address;
let contributor: SessionUser;
let campaignId: string;
let originals: SessionUser[];
let pool: SessionUser[];
let outsider: SessionUser;

const balanceOf = (address: Address) => dataBalanceOf(publicClient, token, address);

async function userOf(wallet: TesseraWalletClient): Promise<SessionUser> {
  const address = wallet.account.address.toLowerCase();
  const user = await db.user.upsert({ where: { address }, create: { address }, update: {} });
  return { id: user.id, address, displayName: null, roles: [] };
}

/** 30 gold items, a third unacceptable, every reviewer of `crowd` answered right (as the queue would have collected them). */
async function agreeingRecord(crowd: readonly SessionUser[]) {
  for (let i = 0; i < 30; i++) {
    const truth = i % 3 === 2 ? null : LABELS[i % 4]!;
    const sample = await pendingSample(campaignId, contributor.id, { labels: truth ?? LABELS[i % 4]! });
    await db.goldItem.create({ data: { campaignId, sampleId: sample.id, expectedVerdict: truth === null ? "REJECT" : "ACCEPT", expectedLabel: truth } });
    for (const r of crowd) {
      await db.review.create({ data: { sampleId: sample.id, reviewerId: r.id, verdict: truth === null ? "REJECT" : "ACCEPT", reason: truth === null ? "low_quality" : null } });
    }
  }
}

/** A reviewer's claim of the next sample and their verdict on it, as the review desk sends them. */
async function judge(reviewer: SessionUser, vote: { verdict: "ACCEPT" | "REJECT"; reason?: "low_quality" }): Promise<ReviewTask> {
  const task = await claimReview(reviewer, { campaignId, random: NO_GOLD });
  expect(task, `${reviewer.displayName} gets a sample`).not.toBeNull();
  await submitVerdict(reviewer, { sampleId: task!.sampleId, ...vote });
  return task!;
}

/** A sample the three originals reject, though it is good ("sports"). */
async function wronglyRejected(): Promise<{ sampleId: string; ordinaryTask: ReviewTask }> {
  const sampleId = (await pendingSample(campaignId, contributor.id, { labels: "sports" })).id;
  let ordinaryTask: ReviewTask | null = null;
  for (const r of originals) ordinaryTask = await judge(r, { verdict: "REJECT", reason: "low_quality" });
  expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).status).toBe("REJECTED");
  return { sampleId, ordinaryTask: ordinaryTask! };
}

/** Files the appeal, posts the bond from the contributor's wallet and lets the indexer credit it. */
async function appeal(sampleId: string, bond = DATA("2")): Promise<{ appealId: string; bondKey: Hex }> {
  const filed = await fileAppeal(contributor, { sampleId, bondWei: bond.toString() }, { balanceOf });
  await escrowWrite(contributorWallet, { address: token, isToken: true }, "approve", [escrow, bond]);
  await escrowWrite(contributorWallet, { address: escrow, isToken: false }, "postBond", [filed.bondKey, bond]);
  await indexEscrowToHead();
  return { appealId: filed.appealId, bondKey: filed.bondKey };
}

/** The payout worker's context, for running its bond step in the test process. */
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

const dbSeats = (seats: { round: number; reviewerId: string }[], round: number) => seats.filter((s) => s.round === round).map((s) => s.reviewerId);
const seatsOf = (appealId: string) => db.panelSeat.findMany({ where: { appealId }, orderBy: { reviewerId: "asc" } });

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const deployments = await ensureDeployments();
  token = deployments.find((d) => d.name === "DataToken")!.address;
  escrow = deployments.find((d) => d.name === "ReviewEscrow")!.address;
  distributor = deployments.find((d) => d.name === "RewardDistributor")!.address;
  const payer = { publicClient, walletClient: createPayoutWalletClient() };
  await mintData(payer, token, contributorWallet.account.address, DATA("10"));
  await mintData(payer, token, distributor, DATA("1000"));
  contributor = await userOf(contributorWallet);
  const campaign = await makeCampaign({ labelSchema: { kind: "single_label", labels: [...LABELS] } });
  campaignId = campaign.id;
  await db.campaign.update({ where: { id: campaignId }, data: { reviewsPerItem: 3, maxReviews: 3, acceptThreshold: 0.9 } });
  const crowd = await reviewers(11);
  originals = crowd.slice(0, 3);
  pool = crowd.slice(3, 10);
  outsider = crowd[10]!;
  // The outsider has no record in the campaign (no gold answers): never a panelist.
  await agreeingRecord([...originals, ...pool]);
  for (const r of crowd) await db.campaignReviewer.create({ data: { campaignId, userId: r.id, source: "ADMIN", reliability: 0.9 } });
});

describe("a credited bond seats a fresh, blind panel", () => {
  it("of 3 staked reviewers, none who reviewed the sample, none its contributor; only they are served it, as an ordinary item", async () => {
    const { sampleId, ordinaryTask } = await wronglyRejected();
    const { appealId } = await appeal(sampleId);

    const opened = await db.appeal.findUniqueOrThrow({ where: { id: appealId } });
    expect(opened).toMatchObject({ state: "OPEN", round: 1, kind: "appeal", appealedStatus: "REJECTED" });
    const seats = await seatsOf(appealId);
    expect(seats).toHaveLength(3);
    const seated = new Set(seats.map((s) => s.reviewerId));
    for (const r of [...originals, contributor, outsider]) expect(seated.has(r.id)).toBe(false);
    expect(await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).toMatchObject({ status: "PENDING_REVIEW", requiredReviews: 6 });
    // The first reviewers' fees are held while the appeal is open.
    const fees = await db.payout.findMany({ where: { subjectId: sampleId, reason: PAYOUT_REASONS.REVIEW_AGREED } });
    expect(fees).toHaveLength(3);
    for (const fee of fees) expect(fee.payableAfter).toEqual(HELD_UNTIL_DECIDED);

    // Nobody off the panel is served the sample: not the first reviewers, not another reviewer.
    for (const r of [...originals, outsider, ...pool.filter((p) => !seated.has(p.id))]) {
      expect(await claimReview(r, { campaignId, random: NO_GOLD })).toBeNull();
    }
    // A panelist is, with exactly what any other sample's task holds.
    const panelist = pool.find((p) => seated.has(p.id))!;
    const task = await claimReview(panelist, { campaignId, random: NO_GOLD });
    expect(task?.sampleId).toBe(sampleId);
    expect(Object.keys(task!).sort()).toEqual(Object.keys(ordinaryTask).sort());
    expect(Object.keys(task!.campaign).sort()).toEqual(Object.keys(ordinaryTask.campaign).sort());
    expect(JSON.stringify(task)).not.toMatch(/appeal|panel|bond/i);
  });

  it("is not seated while too few eligible reviewers are left, and the excluded can neither be served nor vote", async () => {
    // Only the first reviewers and two others have a record: a panel of 3 cannot be formed without them.
    await db.campaignReviewer.updateMany({ where: { campaignId, userId: { in: pool.slice(2).map((p) => p.id) } }, data: { active: false } });
    const { sampleId } = await wronglyRejected();
    const { appealId } = await appeal(sampleId);
    expect(await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).toMatchObject({ state: "OPEN", round: 0 });
    expect(await db.panelSeat.count()).toBe(0);
    expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).status).toBe("REJECTED");
    expect(await advancePanels()).toMatchObject({ seated: 0 });

    // A first reviewer and the contributor try to vote on it all the same: refused, nothing written.
    await expect(submitVerdict(originals[0]!, { sampleId, verdict: "ACCEPT" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already reviewed/) });
    await expect(submitVerdict(contributor, { sampleId, verdict: "ACCEPT" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/your own sample/) });
    expect(await db.review.count({ where: { sampleId } })).toBe(3);

    // A third eligible reviewer appears: the worker's panel step seats the panel, once.
    await db.campaignReviewer.updateMany({ where: { campaignId, userId: pool[2]!.id }, data: { active: true } });
    expect(await advancePanels()).toMatchObject({ seated: 1 });
    expect(await advancePanels()).toMatchObject({ seated: 0 });
    expect((await seatsOf(appealId)).map((s) => s.reviewerId).sort()).toEqual(pool.slice(0, 3).map((p) => p.id).sort());
  });
});

describe("a panelist who does not vote", () => {
  it("gives the seat to the next eligible reviewer: at once after a skip, after PANEL_SEAT_HOURS without a vote; the released neither vote nor share the bond", async () => {
    const { sampleId } = await wronglyRejected();
    const { appealId } = await appeal(sampleId, DATA("3"));
    const seatedIds = new Set((await seatsOf(appealId)).map((s) => s.reviewerId));
    const [skipper, absent, voter] = pool.filter((p) => seatedIds.has(p.id));
    expect(voter).toBeDefined();

    const skipped = await claimReview(skipper!, { campaignId, random: NO_GOLD });
    expect(skipped?.sampleId).toBe(sampleId);
    await skipReview(skipper!, { sampleId });
    await judge(voter!, { verdict: "REJECT", reason: "low_quality" });
    // The skipper's seat goes now; the absent panelist still has time.
    expect(await advancePanels()).toMatchObject({ released: 1 });
    expect(await advancePanels()).toMatchObject({ released: 0 });
    // The skipper's replacement votes in time.
    const replacing = (await seatsOf(appealId)).find((s) => !seatedIds.has(s.reviewerId))!;
    await judge(pool.find((p) => p.id === replacing.reviewerId)!, { verdict: "REJECT", reason: "low_quality" });
    const later = new Date(Date.now() + PANEL_SEAT_HOURS * 3_600_000 + 60_000);
    expect(await advancePanels(later)).toMatchObject({ released: 1 });
    expect(await advancePanels(later)).toMatchObject({ released: 0 });

    const seats = await seatsOf(appealId);
    expect(seats).toHaveLength(5);
    const released = seats.filter((s) => s.releasedAt !== null);
    expect(released.map((s) => [s.reviewerId, s.releaseReason]).sort()).toEqual([[absent!.id, "timed-out"], [skipper!.id, "skipped"]].sort());
    const replacements = pool.filter((p) => seats.some((s) => s.reviewerId === p.id && s.releasedAt === null) && p.id !== voter!.id);
    expect(replacements).toHaveLength(2);
    for (const r of [...originals, skipper!, absent!]) expect(replacements.map((p) => p.id)).not.toContain(r.id);

    // The released panelists are not served the sample and their vote is refused with a sentence, nothing written.
    for (const r of [skipper!, absent!]) expect(await claimReview(r, { campaignId, random: NO_GOLD })).toBeNull();
    await expect(submitVerdict(absent!, { sampleId, verdict: "ACCEPT" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/went to another reviewer/) });
    expect(await db.review.count({ where: { sampleId } })).toBe(5);

    await judge(replacements.find((r) => r.id !== replacing.reviewerId)!, { verdict: "REJECT", reason: "low_quality" });
    expect((await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).state).toBe("UPHELD");
    const settlement = await db.bondSettlement.findUniqueOrThrow({ where: { appealId } });
    expect(settlement.roles).toEqual(["panelist", "panelist", "panelist", "treasury"]);
    const paid = (settlement.recipients as string[]).slice(0, 3).map((a) => a.toLowerCase()).sort();
    expect(paid).toEqual([voter!, ...replacements].map((p) => p.address).sort());

    const view = await getAppeal(contributor, appealId);
    expect(view.timeline.map((t) => t.what)).toEqual(
      expect.arrayContaining(["A fresh panel of 3 was seated (round 1).", "A panelist of round 1 skipped the sample: the seat went to the next eligible reviewer.", "A panelist of round 1 did not vote in time: the seat went to the next eligible reviewer."]),
    );
    expect(view.votes).toHaveLength(3);
  });
});

describe("the panel decides", () => {
  it("overturns: accepted with its label, the reward and fees through the outbox, wrong voters' fees forfeit, the bond back once", async () => {
    const { sampleId } = await wronglyRejected();
    const { appealId, bondKey } = await appeal(sampleId);
    const seated = new Set((await seatsOf(appealId)).map((s) => s.reviewerId));
    const panel = pool.filter((p) => seated.has(p.id));
    for (const p of panel) await judge(p, { verdict: "ACCEPT" });

    expect(await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).toMatchObject({ state: "OVERTURNED", outcomeNote: expect.stringMatching(/^The panel of 3 accepted the sample as 'sports'/) });
    expect(await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).toMatchObject({ status: "ACCEPTED", consensusLabel: "sports" });
    const payouts = await db.payout.findMany({ where: { subjectId: sampleId }, select: { reason: true, recipientId: true, payableAfter: true } });
    expect(payouts.filter((p) => p.reason === PAYOUT_REASONS.SAMPLE_ACCEPTED).map((p) => p.recipientId)).toEqual([contributor.id]);
    // The first reviewers voted wrong: their held fees are gone; the panelists' are payable at once.
    expect(payouts.filter((p) => p.reason === PAYOUT_REASONS.REVIEW_AGREED).map((p) => p.recipientId).sort()).toEqual(panel.map((p) => p.id).sort());
    for (const p of payouts) expect(p.payableAfter).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "appeal.fees-forfeited", subject: `appeal:${appealId}` } })).toBe(1);

    // A panelist's second vote, after the panel closed: a clear 409, nothing written.
    await expect(submitVerdict(panel[0]!, { sampleId, verdict: "REJECT", reason: "low_quality" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/panel you sat on for this sample has closed/) });
    expect(await db.review.count({ where: { sampleId } })).toBe(6);

    // The bond goes back whole, once.
    expect(await db.bondSettlement.findUniqueOrThrow({ where: { appealId } })).toMatchObject({ state: "PENDING", outcome: "OVERTURNED", roles: ["appellant"], amounts: [DATA("2").toString()] });
    const before = await balanceOf(contributorWallet.account.address);
    expect(await settleDecidedBonds(payoutContext())).toBe(1);
    expect(await settleDecidedBonds(payoutContext())).toBe(0);
    expect(await balanceOf(contributorWallet.account.address)).toBe(before + DATA("2"));
    expect(await readBond(publicClient, escrow, bondKey)).toMatchObject({ settled: true });
    expect(await db.bondSettlement.findUniqueOrThrow({ where: { appealId } })).toMatchObject({ state: "CONFIRMED", txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
  });

  it("upholds: rejected again, half the bond to the panel, the rest to the treasury", async () => {
    const { sampleId } = await wronglyRejected();
    const { appealId } = await appeal(sampleId, DATA("3"));
    const seated = new Set((await seatsOf(appealId)).map((s) => s.reviewerId));
    const panel = pool.filter((p) => seated.has(p.id));
    for (const p of panel) await judge(p, { verdict: "REJECT", reason: "low_quality" });

    expect((await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).state).toBe("UPHELD");
    expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).status).toBe("REJECTED");
    // Everybody voted right: the first reviewers' fees are released, the panelists earn theirs.
    const fees = await db.payout.findMany({ where: { subjectId: sampleId, reason: PAYOUT_REASONS.REVIEW_AGREED } });
    expect(fees).toHaveLength(6);
    for (const fee of fees) expect(fee.payableAfter === null || fee.payableAfter.getTime() <= Date.now()).toBe(true);

    const settlement = await db.bondSettlement.findUniqueOrThrow({ where: { appealId } });
    expect(settlement.roles).toEqual(["panelist", "panelist", "panelist", "treasury"]);
    expect(settlement.amounts).toEqual([DATA("0.5"), DATA("0.5"), DATA("0.5"), DATA("1.5")].map(String));
    const addresses = (settlement.recipients as string[]).slice(0, 3) as Address[];
    const treasuryBefore = await balanceOf(distributor);
    expect(await settleDecidedBonds(payoutContext())).toBe(1);
    for (const a of addresses) expect(await balanceOf(a)).toBe(DATA("0.5"));
    expect(await balanceOf(distributor)).toBe(treasuryBefore + DATA("1.5"));
  });

  it("split: a fresh panel of 7 sits once; split again, the decision stands (upheld) and the bond is settled as lost", async () => {
    // Enough reviewers with a record for a first panel of 3 and then a fresh one of 7.
    const extra = await reviewers(4);
    await agreeingRecord(extra);
    for (const r of extra) await db.campaignReviewer.create({ data: { campaignId, userId: r.id, source: "ADMIN", reliability: 0.9 } });
    const everyone = [...originals, ...pool, ...extra];
    const { sampleId } = await wronglyRejected();
    const { appealId } = await appeal(sampleId);
    const seatedFirst = new Set(dbSeats(await seatsOf(appealId), 1));
    const first = everyone.filter((r) => seatedFirst.has(r.id));
    expect(first).toHaveLength(3);
    for (const [i, p] of first.entries()) await judge(p, i < 2 ? { verdict: "ACCEPT" } : { verdict: "REJECT", reason: "low_quality" });

    const split = await db.appeal.findUniqueOrThrow({ where: { id: appealId } });
    expect(split).toMatchObject({ state: "OPEN", round: 2, outcomeNote: expect.stringMatching(/^The panel of 3 was split .*a larger, fresh panel sits next\.$/) });
    const second = new Set(dbSeats(await seatsOf(appealId), 2));
    expect(second.size).toBe(7);
    for (const r of [...originals, ...first, contributor]) expect(second.has(r.id)).toBe(false);
    expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).requiredReviews).toBe(13);
    // A first-round panelist may not vote again.
    await expect(submitVerdict(first[0]!, { sampleId, verdict: "ACCEPT" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/has closed/) });

    const panel = everyone.filter((r) => second.has(r.id));
    for (const [i, p] of panel.entries()) await judge(p, i < 4 ? { verdict: "ACCEPT" } : { verdict: "REJECT", reason: "low_quality" });
    expect(await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).toMatchObject({ state: "UPHELD", outcomeNote: expect.stringMatching(/^The panels of 3 and 7, judged together, were split too .*the sample stays rejected\.$/) });
    expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).status).toBe("REJECTED");
    const settlement = await db.bondSettlement.findUniqueOrThrow({ where: { appealId } });
    // Half the bond shared by the ten who sat, the rest to the treasury.
    expect(settlement.roles).toEqual([...Array(10).fill("panelist"), "treasury"]);
    expect((settlement.amounts as string[]).reduce((sum, a) => sum + BigInt(a), 0n)).toBe(DATA("2"));
    expect((settlement.amounts as string[])[0]).toBe(DATA("0.1").toString());
  });

  it("split, in a campaign too small for 7: a fresh panel of 5 sits, judged together with the first, and overturns", async () => {
    const extra = await reviewers(1);
    await agreeingRecord(extra);
    for (const r of extra) await db.campaignReviewer.create({ data: { campaignId, userId: r.id, source: "ADMIN", reliability: 0.9 } });
    const everyone = [...originals, ...pool, ...extra];
    const { sampleId } = await wronglyRejected();
    const { appealId } = await appeal(sampleId);
    const seatedFirst = new Set(dbSeats(await seatsOf(appealId), 1));
    const firstPanel = everyone.filter((r) => seatedFirst.has(r.id));
    // Three panelists, three classes: sports (its label), tech, unacceptable.
    await judge(firstPanel[0]!, { verdict: "ACCEPT" });
    const task = await claimReview(firstPanel[1]!, { campaignId, random: NO_GOLD });
    await submitVerdict(firstPanel[1]!, { sampleId: task!.sampleId, verdict: "REJECT", reason: "wrong_label", label: "tech" });
    await judge(firstPanel[2]!, { verdict: "REJECT", reason: "low_quality" });
    expect(await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).toMatchObject({ state: "OPEN", round: 2 });

    const second = new Set(dbSeats(await seatsOf(appealId), 2));
    expect(second.size).toBe(5);
    expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).requiredReviews).toBe(11);
    for (const p of everyone.filter((r) => second.has(r.id))) await judge(p, { verdict: "ACCEPT" });
    expect(await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).toMatchObject({ state: "OVERTURNED", outcomeNote: expect.stringMatching(/^The panels of 3 and 5, judged together, accepted the sample as 'sports'/) });
    expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).status).toBe("ACCEPTED");
    // The first panel's dissenters voted against the decided class: their fees go, like the first reviewers'.
    const fees = await db.payout.findMany({ where: { subjectId: sampleId, reason: PAYOUT_REASONS.REVIEW_AGREED }, select: { recipientId: true } });
    expect(fees.map((f) => f.recipientId).sort()).toEqual([firstPanel[0]!, ...everyone.filter((r) => second.has(r.id))].map((r) => r.id).sort());
  });

  it("split, with fewer than 5 fresh reviewers left for a larger panel: the decision stands at once (upheld), nothing waits for an admin", async () => {
    // The default crowd: after the three originals and a first panel of three, four reviewers with a record are left.
    const { sampleId } = await wronglyRejected();
    const { appealId } = await appeal(sampleId);
    const seated = new Set(dbSeats(await seatsOf(appealId), 1));
    const first = pool.filter((r) => seated.has(r.id));
    for (const [i, p] of first.entries()) await judge(p, i < 2 ? { verdict: "ACCEPT" } : { verdict: "REJECT", reason: "low_quality" });

    expect(await db.appeal.findUniqueOrThrow({ where: { id: appealId } })).toMatchObject({
      state: "UPHELD",
      round: 1,
      outcomeNote: expect.stringMatching(/^The panel of 3 was split .*fewer than 5 fresh reviewers are eligible for a larger panel: the sample stays rejected\.$/),
    });
    expect((await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).status).toBe("REJECTED");
    expect(await db.panelSeat.count({ where: { appealId, round: 2 } })).toBe(0);
    // The bond is settled as lost, and no fee is left held for an appeal that is over.
    expect(await db.bondSettlement.findUniqueOrThrow({ where: { appealId } })).toMatchObject({ outcome: "UPHELD" });
    expect(await db.payout.count({ where: { subjectId: sampleId, payableAfter: HELD_UNTIL_DECIDED } })).toBe(0);
    expect(await advancePanels()).toEqual({ escalated: 0, seated: 0, released: 0, decided: 0 });
  });

  it("escalated samples go to a panel funded by the campaign: no bond, decided by the panel, never an admin", async () => {
    const sampleId = (await pendingSample(campaignId, contributor.id, { labels: "tech" })).id;
    await db.sample.update({ where: { id: sampleId }, data: { status: "ESCALATED", decidedAt: new Date(Date.now() - 1000) } });
    // A panel costs the campaign: it is seated only once a fit read after the escalation could not decide it.
    await db.consensusSnapshot.deleteMany({ where: { campaignId } });
    expect(await advancePanels()).toMatchObject({ escalated: 0 });
    expect(await fitCampaign(campaignId)).toMatchObject({ escalationsDecided: 0 });
    expect(await advancePanels()).toMatchObject({ escalated: 1 });
    const escalation = await db.appeal.findFirstOrThrow({ where: { sampleId } });
    expect(escalation).toMatchObject({ kind: "escalation", state: "OPEN", round: 1, bondWei: "0", appellantId: contributor.id });
    const seated = new Set((await seatsOf(escalation.id)).map((s) => s.reviewerId));
    expect(seated.size).toBe(3);
    // Nobody reviewed it before: any established reviewer may sit, the first reviewers of other samples included.
    for (const p of [...originals, ...pool].filter((r) => seated.has(r.id))) await judge(p, { verdict: "ACCEPT" });
    expect((await db.appeal.findUniqueOrThrow({ where: { id: escalation.id } })).state).toBe("OVERTURNED");
    expect(await db.sample.findUniqueOrThrow({ where: { id: sampleId } })).toMatchObject({ status: "ACCEPTED", consensusLabel: "tech" });
    expect(await db.bondSettlement.count()).toBe(0);
    expect(await advancePanels()).toEqual({ escalated: 0, seated: 0, released: 0, decided: 0 });
  });
});

describe("reviewer fees", () => {
  it("of a rejection wait for its appeal window; the payout worker does not pay them before", async () => {
    await wronglyRejected();
    const fees = await db.payout.findMany({ where: { reason: PAYOUT_REASONS.REVIEW_AGREED, subjectId: { not: "" } }, select: { payableAfter: true, createdAt: true } });
    const decided = fees.filter((f) => f.payableAfter !== null);
    expect(decided).toHaveLength(3);
    for (const fee of decided) expect(fee.payableAfter!.getTime()).toBeGreaterThan(appealWindowEnds(new Date(Date.now() - 60_000), 7).getTime() - 120_000);
  });
});

describe("a SIGKILL of the worker between bond and settlement", () => {
  it("still pays the bond and the reward exactly once", { timeout: 120_000 }, async () => {
    const { sampleId } = await wronglyRejected();
    const { appealId, bondKey } = await appeal(sampleId);
    const seated = new Set((await seatsOf(appealId)).map((s) => s.reviewerId));
    for (const p of pool.filter((r) => seated.has(r.id))) await judge(p, { verdict: "ACCEPT" });
    const before = await balanceOf(contributorWallet.account.address);

    // The worker dies right after sending settleBond, before it records the hash.
    const crashing = await startWorker({ PAYOUT_CRASH_AT: "bond-sent:1", PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_POLL_MS: "100" });
    expect((await crashing.exited).signal).toBe("SIGKILL");
    expect((await db.bondSettlement.findUniqueOrThrow({ where: { appealId } })).state).toBe("PENDING");

    const worker = await startWorker({ PAYOUT_BATCH_MAX_WAIT_MS: "0", PAYOUT_POLL_MS: "100" });
    try {
      await waitUntil("the bond settlement is confirmed", async () => (await db.bondSettlement.findUniqueOrThrow({ where: { appealId } })).state === "CONFIRMED", 60_000);
      await waitUntil("the reward is paid", async () => (await db.payout.count({ where: { subjectId: sampleId, reason: PAYOUT_REASONS.SAMPLE_ACCEPTED, status: "PAID" } })) === 1, 60_000);
    } finally {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    const settledEvents = await publicClient.getContractEvents({ address: escrow, abi: reviewEscrowAbi, eventName: "BondSettled", fromBlock: 0n });
    expect(settledEvents.filter((e) => e.args.bondId === bondKey)).toHaveLength(1);
    expect(await balanceOf(contributorWallet.account.address)).toBe(before + DATA("2") + DATA("2"));
  });
});

// Slashing (issue 18) against a real SQLite file and the integration Hardhat node: a staked reviewer whose gold
// accuracy falls below the campaign's floor on at least 5 gold answers loses 25% of their stake through
// ReviewEscrow.slash, once per finding, whatever runs the slasher, how often, or where it dies; the indexer then
// credits the slash from the chain's event and the reviewer loses access.
import { parseUnits, type Address, type Hex, type LocalAccount } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { reviewEscrowAbi } from "@/lib/chain/abi";
import { createPayoutAccount, createPayoutWalletClient, createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { simulateSlash } from "@/lib/chain/escrow-slash";
import { decodeEscrowRevert, describeEscrowRevert, escrowCampaignKey } from "@/lib/chain/review-escrow";
import { mintData } from "@/lib/chain/token";
import { getEnv } from "@/lib/env";
import { slashOnce } from "@/lib/jobs/slasher";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { campaignSlashCounts } from "@/lib/server/trust/slash-counts";
import { SLASH_ROW_LEASE_MS, SlashBlockedError, type SlashContext } from "@/lib/server/trust/slash-stakes";
import type { CrashPoint } from "@/lib/domain/payouts/crash-points";
import { makeCampaign } from "../support/campaigns";
import { hardhatWallet } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { escrowWrite, indexEscrowToHead } from "../support/escrow";
import { rpc, waitUntil } from "../support/payouts/payout-fixtures";
import { startWorker } from "../support/payouts/worker-process";
import { pendingSample, sessionUser } from "../support/reviews";

const DATA = (n: string) => parseUnits(n, 18);
const STAKE = DATA("10");
const publicClient = createTesseraPublicClient();
const careless = hardhatWallet(5);
const careful = hardhatWallet(6);
const unmeasured = hardhatWallet(7);

let token: Address;
let escrow: Address;
let campaignId: string;
let campaignKey: Hex;
let contributorId: string;

class Crash extends Error {}

function slasher(owner: string, options: { crashAt?: CrashPoint; account?: LocalAccount; now?: () => Date } = {}): SlashContext {
  return {
    chainId: getEnv().chainId,
    publicClient,
    account: options.account ?? createPayoutAccount(),
    owner,
    log: () => undefined,
    // A crash in the middle of a step, as SIGKILL would leave it: nothing after this point runs.
    crash: (point) => {
      if (point === options.crashAt) throw new Crash(point);
    },
    now: options.now,
  };
}

async function stakeFrom(wallet: TesseraWalletClient, amount = STAKE) {
  await escrowWrite(wallet, { address: token, isToken: true }, "approve", [escrow, amount]);
  await escrowWrite(wallet, { address: escrow, isToken: false }, "stake", [campaignKey, amount]);
}

/** The wallet's user as a signed-in reviewer of every campaign. */
async function reviewerOf(wallet: TesseraWalletClient): Promise<SessionUser> {
  const address = wallet.account.address.toLowerCase();
  const user = await db.user.upsert({ where: { address }, create: { address }, update: {} });
  await db.roleGrant.upsert({ where: { userId_role: { userId: user.id, role: "REVIEWER" } }, create: { userId: user.id, role: "REVIEWER" }, update: {} });
  return { id: user.id, address, displayName: null, roles: ["REVIEWER"] };
}

/** Gold answers of `reviewer`, oldest first: "1" right, "0" wrong (every gold item's answer is ACCEPT). */
async function goldAnswers(reviewer: SessionUser, pattern: string) {
  const start = Date.now() - 60_000;
  let i = 0;
  for (const c of pattern) {
    const sample = await pendingSample(campaignId, contributorId);
    await db.goldItem.create({ data: { campaignId, sampleId: sample.id, expectedVerdict: "ACCEPT" } });
    const right = c === "1";
    await db.review.create({
      data: { sampleId: sample.id, reviewerId: reviewer.id, verdict: right ? "ACCEPT" : "REJECT", reason: right ? null : "low_quality", createdAt: new Date(start + i++ * 1000) },
    });
  }
}

async function slashedEvents(wallet: TesseraWalletClient) {
  return publicClient.getContractEvents({ address: escrow, abi: reviewEscrowAbi, eventName: "Slashed", args: { campaign: campaignKey, reviewer: wallet.account.address }, fromBlock: 0n });
}

async function stakeOf(wallet: TesseraWalletClient) {
  const [active, leaving] = await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "stakeOf", args: [campaignKey, wallet.account.address] });
  return active + leaving;
}

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const deployments = await ensureDeployments();
  token = deployments.find((d) => d.name === "DataToken")!.address;
  escrow = deployments.find((d) => d.name === "ReviewEscrow")!.address;
  const payout = { publicClient, walletClient: createPayoutWalletClient() };
  for (const wallet of [careless, careful, unmeasured]) await mintData(payout, token, wallet.account.address, DATA("100"));
  const campaign = await makeCampaign({ status: "OPEN" });
  campaignId = campaign.id;
  await db.campaign.update({ where: { id: campaignId }, data: { reviewStakeWei: STAKE.toString(), reliabilityFloor: 0.5 } });
  campaignKey = escrowCampaignKey(campaignId);
  contributorId = (await sessionUser()).id;
});

describe("the slasher", () => {
  it("slashes a reviewer below the floor once, even run twice and concurrently; never one above it or with fewer than 5 gold answers", async () => {
    const [a, b, c] = [await reviewerOf(careless), await reviewerOf(careful), await reviewerOf(unmeasured)];
    for (const wallet of [careless, careful, unmeasured]) await stakeFrom(wallet);
    await indexEscrowToHead();
    await goldAnswers(a, "10100"); // 2 of 5: below 0.5
    await goldAnswers(b, "11011"); // 4 of 5
    await goldAnswers(c, "0000"); // 4 answers: too few to measure

    await Promise.all([slashOnce(slasher("one")), slashOnce(slasher("two"))]);
    await slashOnce(slasher("one"));
    await slashOnce(slasher("three"));

    expect(await slashedEvents(careless)).toHaveLength(1);
    expect(await stakeOf(careless)).toBe(DATA("7.5"));
    expect(await slashedEvents(careful)).toHaveLength(0);
    expect(await slashedEvents(unmeasured)).toHaveLength(0);
    expect(await stakeOf(careful)).toBe(STAKE);
    expect(await stakeOf(unmeasured)).toBe(STAKE);

    const rows = await db.stakeSlash.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: a.id, state: "SLASHED", amountWei: DATA("2.5").toString(), goldAnswers: 5, goldCorrect: 2, round: 1 });
    expect(await db.auditEvent.count({ where: { action: "stake.slashed", subject: `user:${a.id}` } })).toBe(1);
    expect(await campaignSlashCounts(campaignId)).toEqual({ requiredStakeWei: STAKE, slashed: 1, slashedWei: DATA("2.5"), pending: 0 });

    // The indexer credits the slash from the chain's event: the stake no longer covers the campaign, so no more samples.
    await pendingSample(campaignId, contributorId);
    await indexEscrowToHead();
    const row = await db.reviewerStake.findUnique({ where: { campaignId_userId: { campaignId, userId: a.id } } });
    expect(row).toMatchObject({ activeWei: DATA("7.5").toString(), slashedWei: DATA("2.5").toString() });
    await expect(claimReview(a, { campaignId })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/you have 7.5 DATA staked/) });
    expect(await claimReview(b, { campaignId })).not.toBeNull();
    void c;
  });

  it("slashes a staked reviewer the engine removed for reliability below the floor, once", async () => {
    const [a, b] = [await reviewerOf(careless), await reviewerOf(careful)];
    for (const wallet of [careless, careful]) await stakeFrom(wallet);
    await indexEscrowToHead();
    // As applyReliabilityFloor leaves them: a right answer on every gold item they saw, voted against everyone else.
    await goldAnswers(a, "11111");
    await db.campaignReviewer.create({ data: { campaignId, userId: a.id, source: "QUIZ", active: false, inactiveReason: "below-floor", reliability: 0.31 } });
    await db.campaignReviewer.create({ data: { campaignId, userId: b.id, source: "ADMIN", active: false, inactiveReason: "revoked", reliability: 0.2 } });

    await slashOnce(slasher("one"));
    await slashOnce(slasher("two"));

    expect(await slashedEvents(careless)).toHaveLength(1);
    expect(await stakeOf(careless)).toBe(DATA("7.5"));
    expect(await slashedEvents(careful)).toHaveLength(0);
    expect(await db.stakeSlash.findMany({ select: { kind: true, userId: true, state: true, reliability: true } })).toEqual([
      { kind: "below-reliability-floor", userId: a.id, state: "SLASHED", reliability: 0.31 },
    ]);
  });

  it("slashes the whole stake of reviewers a panel found voting wrong in concert, once, and nobody who voted right", async () => {
    const [ring1, honest, ring2] = [await reviewerOf(careless), await reviewerOf(careful), await reviewerOf(unmeasured)];
    for (const wallet of [careless, careful, unmeasured]) await stakeFrom(wallet);
    await indexEscrowToHead();
    const panelists = await Promise.all([1, 2, 3].map(() => sessionUser()));
    // A good sample the ring rejected together, overturned by a panel...
    const appealed = await pendingSample(campaignId, contributorId);
    await db.sample.update({ where: { id: appealed.id }, data: { status: "ACCEPTED" } });
    for (const [reviewer, verdict] of [[ring1, "REJECT"], [ring2, "REJECT"], [honest, "ACCEPT"], ...panelists.map((p) => [p, "ACCEPT"] as const)] as const) {
      await db.review.create({ data: { sampleId: appealed.id, reviewerId: reviewer.id, verdict, reason: verdict === "REJECT" ? "low_quality" : null } });
    }
    await db.appeal.create({
      data: { sampleId: appealed.id, onceKey: `sample:${appealed.id}`, appellantId: contributorId, bondWei: "1", bondKey: `0x${"ab".repeat(32)}`, state: "OVERTURNED", round: 1, seats: { create: panelists.map((p) => ({ round: 1, reviewerId: p.id })) } },
    });
    // ...and two gold items they answered wrong the same way, where the honest reviewer answered right.
    for (let i = 0; i < 2; i++) {
      const sample = await pendingSample(campaignId, contributorId);
      await db.goldItem.create({ data: { campaignId, sampleId: sample.id, expectedVerdict: "ACCEPT" } });
      for (const [reviewer, verdict] of [[ring1, "REJECT"], [ring2, "REJECT"], [honest, "ACCEPT"]] as const) {
        await db.review.create({ data: { sampleId: sample.id, reviewerId: reviewer.id, verdict, reason: verdict === "REJECT" ? "low_quality" : null } });
      }
    }

    // One signer at a time, as the payout lease makes it in the worker; run again, nothing more is found or sent.
    await slashOnce(slasher("one"));
    await slashOnce(slasher("one"));
    await slashOnce(slasher("two"));

    for (const wallet of [careless, unmeasured]) {
      expect(await slashedEvents(wallet)).toHaveLength(1);
      expect(await stakeOf(wallet)).toBe(0n);
    }
    expect(await slashedEvents(careful)).toHaveLength(0);
    expect(await stakeOf(careful)).toBe(STAKE);
    const rows = await db.stakeSlash.findMany({ orderBy: { userId: "asc" }, select: { kind: true, userId: true, state: true, amountWei: true, goldAnswers: true, goldCorrect: true } });
    expect(rows).toEqual(
      [ring1, ring2]
        .map((r) => ({ kind: "collusion", userId: r.id, state: "SLASHED", amountWei: STAKE.toString(), goldAnswers: 3, goldCorrect: 0 }))
        .sort((x, y) => (x.userId < y.userId ? -1 : 1)),
    );
    const found = await db.auditEvent.findFirstOrThrow({ where: { action: "stake.slash-found", subject: `user:${ring1.id}` } });
    expect(found.details).toMatchObject({ kind: "collusion", partnerIds: [ring2.id] });
  });

  it.each<CrashPoint>(["slash-signed", "slash-broadcast"])("recovers from a crash at %s without slashing twice", async (crashAt) => {
    const a = await reviewerOf(careless);
    await stakeFrom(careless);
    await indexEscrowToHead();
    await goldAnswers(a, "00000");

    await expect(slashOnce(slasher("crashed", { crashAt }))).rejects.toBeInstanceOf(Crash);
    expect((await db.stakeSlash.findFirstOrThrow()).state).toBe("SIGNED");
    const nonceBefore = await publicClient.getTransactionCount({ address: createPayoutAccount().address });

    // Another slasher takes the finding over once the crashed one's lease has run out.
    const later = () => new Date(Date.now() + SLASH_ROW_LEASE_MS + 1_000);
    await slashOnce(slasher("successor", { now: later }));
    await slashOnce(slasher("successor", { now: later }));

    expect(await slashedEvents(careless)).toHaveLength(1);
    expect(await stakeOf(careless)).toBe(DATA("7.5"));
    expect(await db.stakeSlash.findFirstOrThrow()).toMatchObject({ state: "SLASHED", amountWei: DATA("2.5").toString() });
    // Broadcast before the crash: nothing new was sent. Signed only: the recorded bytes went out, nothing else.
    const sent = (await publicClient.getTransactionCount({ address: createPayoutAccount().address })) - nonceBefore;
    expect(sent).toBe(crashAt === "slash-broadcast" ? 0 : 1);
  });

  it("survives a SIGKILL of the real worker between the slash's broadcast and its record", async () => {
    const a = await reviewerOf(careless);
    await stakeFrom(careless);
    await indexEscrowToHead();
    await goldAnswers(a, "00000");

    const first = await startWorker({ PAYOUT_CRASH_AT: "slash-broadcast:1", PAYOUT_POLL_MS: "100" }, { viaTsx: true });
    const exit = await first.exited;
    // tsx reports its child's SIGKILL as exit code 137.
    expect(exit.signal === "SIGKILL" || exit.code === 137, first.output()).toBe(true);
    expect((await db.stakeSlash.findFirstOrThrow()).state).toBe("SIGNED");
    expect(await slashedEvents(careless)).toHaveLength(1);

    const second = await startWorker({ PAYOUT_POLL_MS: "100" }, { viaTsx: true });
    try {
      await waitUntil("the finding recorded as slashed", async () => (await db.stakeSlash.findFirstOrThrow()).state === "SLASHED", 90_000, 250);
    } finally {
      // SIGTERM: tsx passes it on, so the worker under it stops too (a SIGKILL of tsx would orphan it).
      second.child.kill("SIGTERM");
      await second.exited;
    }
    expect(await slashedEvents(careless)).toHaveLength(1);
    expect(await stakeOf(careless)).toBe(DATA("7.5"));
  }, 150_000);

  it("cannot slash without the escrow's ARBITER role: the call reverts with a decoded error and nothing moves", async () => {
    const a = await reviewerOf(careless);
    await stakeFrom(careless);
    await indexEscrowToHead();
    await goldAnswers(a, "00000");
    const outsider = hardhatWallet(8).account as LocalAccount;

    const call = { escrow, campaign: campaignKey, reviewer: careless.account.address, amount: DATA("1"), reason: campaignKey };
    const error = await simulateSlash(publicClient, outsider.address, call).then(() => null, (e: unknown) => e);
    expect(decodeEscrowRevert(error)?.errorName).toBe("AccessControlUnauthorizedAccount");
    expect(describeEscrowRevert(error)).toMatch(/lacks the role/);

    await expect(slashOnce(slasher("outsider", { account: outsider }))).rejects.toBeInstanceOf(SlashBlockedError);
    expect(await db.stakeSlash.findFirstOrThrow()).toMatchObject({ state: "FOUND", lastError: expect.stringMatching(/lacks the role/) });
    expect(await slashedEvents(careless)).toHaveLength(0);
    expect(await stakeOf(careless)).toBe(STAKE);
  });
});

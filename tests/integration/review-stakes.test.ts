// Reviewer stakes end to end against a real SQLite file and the integration Hardhat node (issue 18): stakes are
// locked in the ReviewEscrow from the reviewer's wallet, credited only by the escrow indexer from the chain's events,
// exactly once, and a campaign that asks for a stake serves its samples only to reviewers whose stake covers it.
import { parseUnits, type Address, type Hex } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { reviewEscrowAbi } from "@/lib/chain/abi";
import { createPayoutWalletClient, createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { escrowCampaignKey } from "@/lib/chain/review-escrow";
import { mintData } from "@/lib/chain/token";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { claimReview } from "@/lib/server/reviews/claim-review";
import { submitVerdict } from "@/lib/server/reviews/submit-verdict";
import { ESCROW_CURSOR_ID } from "@/lib/server/trust/index-escrow";
import { makeCampaign } from "../support/campaigns";
import { hardhatWallet } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { escrowWrite, indexEscrowToHead } from "../support/escrow";
import { rpc } from "../support/payouts/payout-fixtures";
import { pendingSample, sessionUser } from "../support/reviews";

const DATA = (n: string) => parseUnits(n, 18);
const STAKE = DATA("10");
const publicClient = createTesseraPublicClient();
const reviewerWallet = hardhatWallet(5);
const otherWallet = hardhatWallet(6);

let token: Address;
let escrow: Address;
let campaignId: string;
let campaignKey: Hex;

/** A write by `wallet` to the token or the escrow, in the app's order. */
const write = (wallet: TesseraWalletClient, address: Address, functionName: string, args: readonly unknown[]) => escrowWrite(wallet, { address, isToken: address === token }, functionName, args);

async function stake(wallet: TesseraWalletClient, amount: bigint, key: Hex = campaignKey) {
  await write(wallet, token, "approve", [escrow, amount]);
  return write(wallet, escrow, "stake", [key, amount]);
}

const indexAll = indexEscrowToHead;

async function onChainStake(wallet: TesseraWalletClient) {
  const [active, leaving] = await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "stakeOf", args: [campaignKey, wallet.account.address] });
  return { active, leaving };
}

async function recordedStake(wallet: TesseraWalletClient) {
  const user = await db.user.findUnique({ where: { address: wallet.account.address.toLowerCase() } });
  if (!user) return null;
  const row = await db.reviewerStake.findUnique({ where: { campaignId_userId: { campaignId, userId: user.id } } });
  return row ? { active: BigInt(row.activeWei), leaving: BigInt(row.leavingWei) } : null;
}

/** The wallet's user as a signed-in reviewer (the indexer created the user row for a wallet that never signed in). */
async function reviewerOf(wallet: TesseraWalletClient): Promise<SessionUser> {
  const address = wallet.account.address.toLowerCase();
  const user = await db.user.upsert({ where: { address }, create: { address }, update: {} });
  await db.roleGrant.upsert({ where: { userId_role: { userId: user.id, role: "REVIEWER" } }, create: { userId: user.id, role: "REVIEWER" }, update: {} });
  return { id: user.id, address, displayName: null, roles: ["REVIEWER"] };
}

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const deployments = await ensureDeployments();
  token = deployments.find((d) => d.name === "DataToken")!.address;
  escrow = deployments.find((d) => d.name === "ReviewEscrow")!.address;
  const payout = { publicClient, walletClient: createPayoutWalletClient() };
  await mintData(payout, token, reviewerWallet.account.address, DATA("100"));
  await mintData(payout, token, otherWallet.account.address, DATA("100"));
  const campaign = await makeCampaign({ status: "OPEN" });
  campaignId = campaign.id;
  await db.campaign.update({ where: { id: campaignId }, data: { reviewStakeWei: STAKE.toString() } });
  campaignKey = escrowCampaignKey(campaignId);
});

describe("the escrow indexer", () => {
  it("credits stakes, withdrawal requests and slashes from the chain's events, once each, landing where the contract is", async () => {
    await stake(reviewerWallet, DATA("6"));
    await stake(reviewerWallet, DATA("6"));
    await write(reviewerWallet, escrow, "requestWithdrawal", [campaignKey, DATA("2")]);
    // The arbiter (the platform's payout wallet) slashes for a finding.
    await write(createPayoutWalletClient(), escrow, "slash", [campaignKey, reviewerWallet.account.address, DATA("3"), escrowCampaignKey("finding-1")]);

    const steps = await indexAll();
    expect(steps.reduce((n, s) => n + ("recorded" in s ? s.recorded : 0), 0)).toBe(4);
    expect(await recordedStake(reviewerWallet)).toEqual(await onChainStake(reviewerWallet));
    expect(await recordedStake(reviewerWallet)).toEqual({ active: DATA("7"), leaving: DATA("2") });
    const events = await db.escrowEvent.findMany({ orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }], select: { kind: true, amountWei: true } });
    expect(events.map((e) => [e.kind, e.amountWei])).toEqual([
      ["STAKED", DATA("6").toString()],
      ["STAKED", DATA("6").toString()],
      ["WITHDRAWAL_REQUESTED", DATA("2").toString()],
      ["SLASHED", DATA("3").toString()],
    ]);

    // Re-reading the same blocks (a reset cursor) credits nothing twice.
    await db.chainCursor.delete({ where: { id: ESCROW_CURSOR_ID } });
    const again = await indexAll();
    expect(again.reduce((n, s) => n + ("recorded" in s ? s.recorded : 0), 0)).toBe(0);
    expect(await db.escrowEvent.count()).toBe(4);
    expect(await recordedStake(reviewerWallet)).toEqual({ active: DATA("7"), leaving: DATA("2") });
  });

  it("ignores a stake for a campaign it does not know, with an audit record, and credits nothing", async () => {
    await stake(reviewerWallet, DATA("5"), escrowCampaignKey("no-such-campaign"));
    const steps = await indexAll();
    const ignored = steps.flatMap((s) => ("ignored" in s ? s.ignored : []));
    expect(ignored).toHaveLength(1);
    expect(ignored[0]!.reason).toMatch(/no campaign of ours/);
    expect(await db.reviewerStake.count()).toBe(0);
    expect(await db.escrowEvent.count()).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "escrow.ignored" } })).toBe(1);
  });
});

describe("a campaign that asks for a stake", () => {
  it("serves its samples only once the reviewer's credited stake covers it, and refuses verdicts once it is asked back", async () => {
    const contributor = await sessionUser();
    const sample = await pendingSample(campaignId, contributor.id);
    const reviewer = await reviewerOf(reviewerWallet);

    // No stake: the queue is empty, and asking for the campaign by name says why.
    expect(await claimReview(reviewer)).toBeNull();
    await expect(claimReview(reviewer, { campaignId })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/stake 10 DATA.*you have 0 DATA staked/) });
    expect(await db.reviewAssignment.count()).toBe(0);

    // A stake on the chain counts only once the indexer credited it: what a browser says is never enough.
    await stake(reviewerWallet, DATA("4"));
    await stake(reviewerWallet, DATA("6"));
    expect(await claimReview(reviewer)).toBeNull();
    await indexAll();
    const task = await claimReview(reviewer);
    expect(task?.sampleId).toBe(sample.id);

    // Asked back while holding the sample: the verdict no longer has a stake behind it.
    await write(reviewerWallet, escrow, "requestWithdrawal", [campaignKey, DATA("1")]);
    await indexAll();
    await expect(submitVerdict(reviewer, { sampleId: sample.id, verdict: "ACCEPT" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/you have 9 DATA staked/) });
    expect(await db.review.count()).toBe(0);
  });

  it("leaves campaigns without a stake as they were", async () => {
    await db.campaign.update({ where: { id: campaignId }, data: { reviewStakeWei: "0" } });
    const contributor = await sessionUser();
    const sample = await pendingSample(campaignId, contributor.id);
    const reviewer = await sessionUser({ roles: ["REVIEWER"] });
    expect((await claimReview(reviewer))?.sampleId).toBe(sample.id);
  });
});

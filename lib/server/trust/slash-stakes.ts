import "server-only";
import { getAddress, type Hash, type LocalAccount, type PublicClient } from "viem";
import { findSlashedByReason, signSlash, simulateSlash, stakeOnChain, type SlashCall } from "@/lib/chain/escrow-slash";
import { accountNonces, broadcastRaw, isPending, receiptOrNull, suggestFees } from "@/lib/chain/payout-transactions";
import { decodeEscrowRevert, describeEscrowRevert, escrowCampaignKey } from "@/lib/chain/review-escrow";
import type { CrashPoint } from "@/lib/domain/payouts/crash-points";
import { slashAmount, type SlashFinding } from "@/lib/domain/trust/stake-rules";
import type { StakeSlash } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { findDeployment, type RecordedDeployment } from "@/lib/server/deployments";

export type SlashContext = {
  chainId: number;
  publicClient: PublicClient;
  /** The arbiter: the payout wallet, which holds the escrow's ARBITER_ROLE. */
  account: LocalAccount;
  /** This slasher's name in row leases. */
  owner: string;
  log: (message: string) => void;
  crash: (point: CrashPoint) => void;
  /** Throws when this process may no longer sign with the arbiter's wallet (the worker's payout lease). */
  assertWallet?: () => Promise<void>;
  now?: () => Date;
  /** How long to wait for a broadcast slash to be mined before leaving it to the next loop. */
  receiptTimeoutMs?: number;
};

/** The escrow refused the slash (a missing role, a stake that moved): the finding waits and the worker backs off. */
export class SlashBlockedError extends Error {
  override name = "SlashBlockedError";
}

/** A slasher holds a finding this long per step (longer than its wait for a receipt); a crashed one's are taken over after it. */
export const SLASH_ROW_LEASE_MS = 30_000;
const RECEIPT_TIMEOUT_MS = 15_000;
const OPEN_STATES = ["FOUND", "SIGNED"] as const;

/**
 * Moves every open finding (StakeSlash FOUND or SIGNED) as far as the chain allows: one at a time, because they are
 * all signed by one wallet. Returns how many were slashed in this pass.
 */
export async function advanceSlashes(ctx: SlashContext): Promise<{ slashed: number; open: number }> {
  const open = await db.stakeSlash.findMany({ where: { state: { in: [...OPEN_STATES] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (open.length === 0) return { slashed: 0, open: 0 };
  const escrow = await findDeployment("ReviewEscrow");
  if (!escrow) return { slashed: 0, open: open.length };
  let slashed = 0;
  for (const { id } of open) {
    if (!(await claimRow(ctx, id))) continue;
    if ((await advanceSlash(ctx, escrow, id)) === "slashed") slashed++;
  }
  return { slashed, open: open.length - slashed };
}

type Outcome = "slashed" | "closed" | "waiting";

/**
 * One finding, judged by the chain first: its Slashed event (found by the finding's reason) settles it whatever the
 * database says, so a slasher killed between a write and its record marks it slashed and sends nothing. A recorded
 * transaction is waited for, broadcast again (the same bytes, the same nonce: it can only land once), or given up only
 * once its nonce was used by another transaction; only then is a new one signed.
 */
async function advanceSlash(ctx: SlashContext, escrow: RecordedDeployment, id: string): Promise<Outcome> {
  const row = await db.stakeSlash.findUniqueOrThrow({ where: { id }, include: { user: { select: { address: true } } } });
  const call = {
    escrow: escrow.address,
    campaign: escrowCampaignKey(row.campaignId),
    reviewer: getAddress(row.user.address),
    reason: row.reasonKey as Hash,
  };
  const onChain = await findSlashedByReason(ctx.publicClient, escrow.address, { ...call, fromBlock: BigInt(escrow.blockNumber) });
  if (onChain) return markSlashed(ctx, row, onChain.txHash, onChain.amount);

  if (row.state === "SIGNED" && row.txHash) {
    const hash = row.txHash as Hash;
    const receipt = await receiptOrNull(ctx.publicClient, hash);
    if (receipt?.status === "success") return markSlashed(ctx, row, hash, BigInt(row.amountWei ?? "0"));
    if (receipt) {
      await reopen(ctx, row, `The slash ${hash} reverted in block ${receipt.blockNumber}; it will be simulated and signed again.`);
      return "waiting";
    }
    if (await isPending(ctx.publicClient, hash)) return awaitReceipt(ctx, row, hash);
    const { mined } = await accountNonces(ctx.publicClient, ctx.account.address);
    if (row.nonce !== null && mined > row.nonce) {
      // Its nonce went to another transaction of the wallet, so it can never be mined; the chain has no slash for
      // this finding (read above), so a new transaction is due.
      await reopen(ctx, row, `The slash ${hash} was never mined and its nonce ${row.nonce} is used; signing a new one.`);
      return advanceFound(ctx, { ...row, state: "FOUND" }, call);
    }
    await ctx.assertWallet?.();
    const outcome = await broadcastRaw(ctx.publicClient, row.rawTx as `0x${string}`);
    if (outcome !== "accepted" && outcome !== "known") return "waiting";
    ctx.log(`slash ${row.key}: broadcast the recorded ${hash} again`);
    return awaitReceipt(ctx, row, hash);
  }
  return advanceFound(ctx, row, call);
}

async function advanceFound(ctx: SlashContext, row: StakeSlash, target: Omit<SlashCall, "amount">): Promise<Outcome> {
  const staked = await stakeOnChain(ctx.publicClient, target.escrow, target.campaign, target.reviewer);
  const amount = slashAmount(findingOf(row), staked);
  if (amount === 0n) {
    await close(ctx, row, "NOTHING_TO_SLASH", { reason: "nothing staked left to take" });
    return "closed";
  }
  const call: SlashCall = { ...target, amount };
  let gas: bigint;
  try {
    gas = await simulateSlash(ctx.publicClient, ctx.account.address, call);
  } catch (error) {
    const revert = decodeEscrowRevert(error);
    if (!revert) throw error; // no answer from the chain: back off and look again
    const reason = describeEscrowRevert(error) ?? `the escrow refused the slash (${revert.errorName})`;
    if (row.lastError !== reason) await db.stakeSlash.updateMany({ where: { id: row.id, leaseOwner: ctx.owner }, data: { lastError: reason } });
    throw new SlashBlockedError(`Finding ${row.key} cannot be slashed now: ${reason}`);
  }
  const [fees, { pending: nonce }] = await Promise.all([suggestFees(ctx.publicClient), accountNonces(ctx.publicClient, ctx.account.address)]);
  const signed = await signSlash(ctx.account, { chainId: ctx.chainId, call, nonce, gas, fees });
  await ctx.assertWallet?.();
  // Recorded before it is broadcast: after any crash the database knows every transaction that could slash this finding.
  const recorded = await db.stakeSlash.updateMany({
    where: { id: row.id, state: "FOUND", leaseOwner: ctx.owner },
    data: { state: "SIGNED", amountWei: amount.toString(), txHash: signed.hash, nonce, rawTx: signed.raw, attempts: { increment: 1 }, lastError: null },
  });
  if (recorded.count !== 1) return "waiting"; // another slasher took the row over
  ctx.log(`slash ${row.key}: signed ${signed.hash} (nonce ${nonce}, ${amount} wei)`);
  ctx.crash("slash-signed");
  const outcome = await broadcastRaw(ctx.publicClient, signed.raw);
  ctx.crash("slash-broadcast");
  if (outcome !== "accepted" && outcome !== "known") {
    ctx.log(`slash ${row.key}: the node refused ${signed.hash} (${outcome}); the next look decides`);
    return "waiting";
  }
  return awaitReceipt(ctx, { ...row, amountWei: amount.toString() }, signed.hash);
}

/** The finding a row records, as the stake rule reads it. */
function findingOf(row: StakeSlash): SlashFinding {
  switch (row.kind) {
    case "collusion":
      return { kind: "collusion" };
    case "below-reliability-floor":
      return { kind: "below-reliability-floor", reliability: row.reliability ?? 1, floor: row.floor };
    default:
      return { kind: "below-gold-floor", goldAnswers: row.goldAnswers, goldAccuracy: row.goldCorrect / row.goldAnswers, floor: row.floor };
  }
}

async function awaitReceipt(ctx: SlashContext, row: StakeSlash, hash: Hash): Promise<Outcome> {
  let receipt;
  try {
    receipt = await ctx.publicClient.waitForTransactionReceipt({ hash, timeout: ctx.receiptTimeoutMs ?? RECEIPT_TIMEOUT_MS });
  } catch {
    return "waiting"; // not mined yet: the next pass looks again
  }
  if (receipt.status !== "success") {
    await reopen(ctx, row, `The slash ${hash} reverted in block ${receipt.blockNumber}; it will be simulated and signed again.`);
    return "waiting";
  }
  return markSlashed(ctx, row, hash, BigInt(row.amountWei ?? "0"));
}

async function markSlashed(ctx: SlashContext, row: StakeSlash, txHash: Hash, amount: bigint): Promise<Outcome> {
  await close(ctx, row, "SLASHED", { txHash, amountWei: amount.toString() });
  ctx.log(`slash ${row.key}: slashed ${amount} wei in ${txHash}`);
  return "slashed";
}

/** A final state and its audit event, in one transaction; the state moves only from an open one. */
async function close(ctx: SlashContext, row: StakeSlash, state: "SLASHED" | "NOTHING_TO_SLASH", details: { txHash?: Hash; amountWei?: string; reason?: string }): Promise<void> {
  const now = ctx.now?.() ?? new Date();
  await db.$transaction(async (tx) => {
    const moved = await tx.stakeSlash.updateMany({
      where: { id: row.id, state: { in: [...OPEN_STATES] } },
      data: { state, slashedAt: state === "SLASHED" ? now : null, txHash: details.txHash ?? row.txHash, amountWei: details.amountWei ?? row.amountWei, rawTx: null, leaseOwner: null, leaseUntil: null, lastError: null },
    });
    if (moved.count !== 1) return;
    await tx.auditEvent.create({
      data: {
        action: state === "SLASHED" ? "stake.slashed" : "stake.slash-nothing",
        subject: `user:${row.userId}`,
        details: { key: row.key, campaignId: row.campaignId, kind: row.kind, goldAnswers: row.goldAnswers, goldCorrect: row.goldCorrect, reliability: row.reliability, floor: row.floor, ...details },
      },
    });
  });
}

async function reopen(ctx: SlashContext, row: StakeSlash, message: string): Promise<void> {
  await db.stakeSlash.updateMany({ where: { id: row.id, state: "SIGNED", leaseOwner: ctx.owner }, data: { state: "FOUND", rawTx: null, lastError: message } });
  ctx.log(`slash ${row.key}: ${message}`);
}

/** Takes (or renews) this slasher's lease on a finding; false when another live slasher holds it. */
async function claimRow(ctx: SlashContext, id: string): Promise<boolean> {
  const now = ctx.now?.() ?? new Date();
  const claimed = await db.stakeSlash.updateMany({
    where: { id, state: { in: [...OPEN_STATES] }, OR: [{ leaseOwner: null }, { leaseOwner: ctx.owner }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: ctx.owner, leaseUntil: new Date(now.getTime() + SLASH_ROW_LEASE_MS) },
  });
  return claimed.count === 1;
}

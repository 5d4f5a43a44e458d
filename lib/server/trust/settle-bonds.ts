import "server-only";
import { getAddress, type Address, type Hex } from "viem";
import { bondSettledTx, escrowTreasury, readBond, receiptSettles, sendSettleBond } from "@/lib/chain/bond-settlement";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";
import type { PayoutContext } from "@/lib/server/payouts/payout-context";
import { TREASURY_RECIPIENT } from "./bond-settlement-row";

/** Settlements looked at per loop of the payout worker. */
const PER_LOOP = 5;

/**
 * Pays out decided appeals' bonds through the escrow, exactly once, in the payout worker's loop (its lease, its
 * account, one transaction at a time so the payer's nonces stay gap-free). The chain is asked first: a bond the escrow
 * already settled (a crash after sending, before recording) is only recorded, with the hash read from its event;
 * otherwise settleBond is simulated, sent, its hash recorded, its receipt awaited and its status checked. The escrow
 * pays a bond out once, so even a resend could never pay twice. Returns how many were confirmed.
 */
export async function settleDecidedBonds(ctx: PayoutContext): Promise<number> {
  const due = await db.bondSettlement.findMany({ where: { state: { in: ["PENDING", "SENT"] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: PER_LOOP });
  if (due.length === 0) return 0;
  const escrow = await findDeployment("ReviewEscrow");
  if (!escrow) return 0;
  let confirmed = 0;
  for (const row of due) {
    await ctx.assertLease();
    if (await settleOne(ctx, escrow.address, row)) confirmed++;
  }
  return confirmed;
}

type SettlementRow = { id: string; appealId: string; bondKey: string; recipients: unknown; amounts: unknown; state: string; txHash: string | null; attempts: number };

async function settleOne(ctx: PayoutContext, escrow: Address, row: SettlementRow): Promise<boolean> {
  const bondKey = row.bondKey as Hex;
  const bond = await readBond(ctx.publicClient, escrow, bondKey);
  if (bond.settled) {
    const settled = await bondSettledTx(ctx.publicClient, escrow, bondKey);
    await confirm(row.id, settled?.txHash ?? (row.txHash as Hex | null), ctx.now());
    ctx.log(`appeal ${row.appealId}: bond settled on-chain${settled ? ` in ${settled.txHash}` : ""}; recorded`);
    return true;
  }
  const treasury = await escrowTreasury(ctx.publicClient, escrow);
  const recipients = (row.recipients as string[]).map((to) => (to === TREASURY_RECIPIENT ? treasury : getAddress(to)));
  const amounts = (row.amounts as string[]).map((a) => BigInt(a));
  let hash: Hex;
  try {
    hash = await sendSettleBond(ctx.publicClient, ctx.account, escrow, bondKey, recipients, amounts);
  } catch (error) {
    const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
    // Recorded and retried next loop, without holding up the reward batches behind it.
    await db.bondSettlement.update({ where: { id: row.id }, data: { attempts: { increment: 1 }, lastError: message.slice(0, 500) } });
    ctx.log(`appeal ${row.appealId}: settleBond refused: ${message}`);
    return false;
  }
  ctx.crash("bond-sent");
  await db.bondSettlement.update({ where: { id: row.id }, data: { state: "SENT", txHash: hash, attempts: { increment: 1 }, lastError: null } });
  const receipt = await ctx.publicClient.waitForTransactionReceipt({ hash });
  if (!receiptSettles(receipt, bondKey)) {
    await db.bondSettlement.update({ where: { id: row.id }, data: { state: "PENDING", lastError: `settleBond ${hash} ${receipt.status === "success" ? "settled nothing" : "reverted"}` } });
    return false;
  }
  await confirm(row.id, hash, ctx.now());
  ctx.log(`appeal ${row.appealId}: bond settled in ${hash}`);
  return true;
}

async function confirm(id: string, txHash: Hex | null, now: Date): Promise<void> {
  await db.bondSettlement.updateMany({ where: { id, state: { not: "CONFIRMED" } }, data: { state: "CONFIRMED", txHash, settledAt: now } });
}

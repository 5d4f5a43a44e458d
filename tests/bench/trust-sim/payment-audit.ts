// Whether every payment the ledger owes was made on-chain exactly once, read from the chain's own events rather than
// from the rows' status: each RewardDistributor BatchPaid and each ReviewEscrow BondSettled is matched, transfer by
// transfer (the token's Transfer logs in the same transaction), against the Payout rows and BondSettlement rows that
// say they were paid by it.
import { getAddress, type Address, type Hex } from "viem";
import { dataTokenAbi, reviewEscrowAbi, rewardDistributorAbi } from "@/lib/chain/abi";
import { escrowTreasury } from "@/lib/chain/bond-settlement";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { HELD_UNTIL_DECIDED } from "@/lib/domain/trust/appeal-rules";
import { TREASURY_RECIPIENT } from "@/lib/server/trust/bond-settlement-row";
import { db } from "@/lib/server/db";

export type PaymentAudit = {
  /** Earned items (payout rows, bond settlements) paid on-chain more than once, or on-chain payments no row accounts for. */
  doublePayments: number;
  /** Earned items due by now that the chain never paid (or paid short). */
  missingPayments: number;
  /** Reviewer fees of rejections not due yet: their appeal window is still open. */
  heldForWindow: number;
  paidRows: number;
  rewardBatches: number;
  bondsSettled: number;
  /** One line per discrepancy, for the progress log. */
  problems: string[];
};

type Transfer = { to: Address; amount: bigint };

/** Per recipient: paid more on-chain than owed (over) or less (under); a recipient counts once either way. */
function compareSums(expected: Transfer[], onChain: Transfer[]): { over: number; under: number } {
  const want = new Map(sumByRecipient(expected).map((t) => [t.to, t.amount]));
  const got = new Map(sumByRecipient(onChain).map((t) => [t.to, t.amount]));
  let over = 0;
  let under = 0;
  for (const to of new Set([...want.keys(), ...got.keys()])) {
    const w = want.get(to) ?? 0n;
    const g = got.get(to) ?? 0n;
    if (g > w) over++;
    if (g < w) under++;
  }
  return { over, under };
}

export async function auditPayments(contracts: { token: Address; distributor: Address; escrow: Address }, now = new Date()): Promise<PaymentAudit> {
  const publicClient = createTesseraPublicClient();
  const { token, distributor, escrow } = contracts;
  const problems: string[] = [];
  let doublePayments = 0;
  let missingPayments = 0;

  const [batchEvents, settledEvents, transferLogs] = await Promise.all([
    publicClient.getContractEvents({ address: distributor, abi: rewardDistributorAbi, eventName: "BatchPaid", fromBlock: 0n }),
    publicClient.getContractEvents({ address: escrow, abi: reviewEscrowAbi, eventName: "BondSettled", fromBlock: 0n }),
    publicClient.getContractEvents({ address: token, abi: dataTokenAbi, eventName: "Transfer", fromBlock: 0n }),
  ]);
  const transfersIn = new Map<Hex, { from: Address; to: Address; amount: bigint }[]>();
  for (const log of transferLogs) {
    const list = transfersIn.get(log.transactionHash) ?? [];
    list.push({ from: getAddress(log.args.from!), to: getAddress(log.args.to!), amount: log.args.value! });
    transfersIn.set(log.transactionHash, list);
  }
  const outOf = (tx: Hex, from: Address) => (transfersIn.get(tx) ?? []).filter((t) => t.from === getAddress(from));

  // ---- rewards and fees: Payout rows against the distributor's batches ----
  const rows = await db.payout.findMany({
    select: { key: true, reason: true, subjectId: true, recipientId: true, amountWei: true, status: true, payableAfter: true, recipient: { select: { address: true } }, batch: { select: { batchKey: true } } },
  });
  // The same thing earned twice under two keys would be paid twice even if each row is paid once.
  const earned = new Map<string, number>();
  for (const r of rows) earned.set(`${r.reason}:${r.subjectId}:${r.recipientId}`, (earned.get(`${r.reason}:${r.subjectId}:${r.recipientId}`) ?? 0) + 1);
  for (const [what, n] of earned) {
    if (n > 1) {
      doublePayments += n - 1;
      problems.push(`${what} earned ${n} times`);
    }
  }
  const expectedByBatch = new Map<string, Transfer[]>();
  for (const r of rows) {
    if (r.status === "PAID") {
      if (!r.batch) {
        missingPayments++;
        problems.push(`payout ${r.key} is PAID without a batch`);
        continue;
      }
      const list = expectedByBatch.get(r.batch.batchKey.toLowerCase()) ?? [];
      list.push({ to: getAddress(r.recipient.address), amount: BigInt(r.amountWei) });
      expectedByBatch.set(r.batch.batchKey.toLowerCase(), list);
      continue;
    }
    const payableAfter = r.payableAfter?.getTime() ?? 0;
    if (payableAfter === HELD_UNTIL_DECIDED.getTime() || payableAfter <= now.getTime()) {
      missingPayments++;
      problems.push(`payout ${r.key} (${r.status}) is due and unpaid${payableAfter === HELD_UNTIL_DECIDED.getTime() ? " (still held for an appeal)" : ""}`);
    }
  }
  const heldForWindow = rows.filter((r) => r.status !== "PAID" && r.payableAfter !== null && r.payableAfter.getTime() > now.getTime() && r.payableAfter.getTime() !== HELD_UNTIL_DECIDED.getTime()).length;

  const paidBatchIds = new Set<string>();
  for (const event of batchEvents) {
    const batchId = event.args.batchId!.toLowerCase();
    if (paidBatchIds.has(batchId)) {
      doublePayments++;
      problems.push(`batch ${batchId} paid twice on-chain`);
    }
    paidBatchIds.add(batchId);
    // Rows of one recipient share one transfer in a batch: compare per recipient sums.
    const { over, under } = compareSums(expectedByBatch.get(batchId) ?? [], outOf(event.transactionHash, distributor));
    if (over > 0) problems.push(`batch ${batchId}: ${over} recipient(s) paid more than their paid rows add up to`);
    if (under > 0) problems.push(`batch ${batchId}: ${under} recipient(s) paid short or not at all`);
    doublePayments += over;
    missingPayments += under;
  }
  for (const [batchId, list] of expectedByBatch) {
    if (!paidBatchIds.has(batchId)) {
      missingPayments += list.length;
      problems.push(`batch ${batchId}: ${list.length} row(s) marked PAID, no BatchPaid on-chain`);
    }
  }

  // ---- appeal bonds: BondSettlement rows against the escrow's BondSettled events ----
  const treasury = await escrowTreasury(publicClient, escrow);
  const settlements = await db.bondSettlement.findMany({ select: { bondKey: true, state: true, recipients: true, amounts: true } });
  const settledTimes = new Map<string, Hex[]>();
  for (const event of settledEvents) {
    const id = event.args.bondId!.toLowerCase();
    settledTimes.set(id, [...(settledTimes.get(id) ?? []), event.transactionHash]);
  }
  const owed = new Set(settlements.map((s) => s.bondKey.toLowerCase()));
  for (const [bondId, txs] of settledTimes) {
    if (!owed.has(bondId)) {
      doublePayments += txs.length;
      problems.push(`bond ${bondId} settled on-chain without a settlement row`);
    }
  }
  for (const s of settlements) {
    const bondId = s.bondKey.toLowerCase();
    const txs = settledTimes.get(bondId) ?? [];
    if (txs.length === 0) {
      missingPayments++;
      problems.push(`bond ${bondId} (${s.state}) never settled on-chain`);
      continue;
    }
    if (txs.length > 1) {
      doublePayments += txs.length - 1;
      problems.push(`bond ${bondId} settled ${txs.length} times`);
    }
    const expected = (s.recipients as string[]).map((to, i) => ({ to: to === TREASURY_RECIPIENT ? treasury : getAddress(to), amount: BigInt((s.amounts as string[])[i]!) }));
    const { over, under } = compareSums(expected, outOf(txs[0]!, escrow));
    if (over + under > 0) problems.push(`bond ${bondId}: on-chain transfers differ from the settlement row`);
    doublePayments += over;
    missingPayments += under;
    if (s.state !== "CONFIRMED") problems.push(`bond ${bondId} settled on-chain, row still ${s.state}`);
  }

  return {
    doublePayments,
    missingPayments,
    heldForWindow,
    paidRows: rows.filter((r) => r.status === "PAID").length,
    rewardBatches: batchEvents.length,
    bondsSettled: settledEvents.length,
    problems,
  };
}

function sumByRecipient(transfers: Transfer[]): Transfer[] {
  const sums = new Map<Address, bigint>();
  for (const t of transfers) sums.set(getAddress(t.to), (sums.get(getAddress(t.to)) ?? 0n) + t.amount);
  return [...sums].map(([to, amount]) => ({ to, amount }));
}

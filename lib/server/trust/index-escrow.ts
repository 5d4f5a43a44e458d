import "server-only";
import type { PublicClient } from "viem";
import { escrowCampaignKey, escrowLogs, type EscrowLog } from "@/lib/chain/review-escrow";
import { applyStakeEvent, type StakeEvent, type StakeState } from "@/lib/domain/trust/stake-ledger";
import { indexEvents, type IgnoredEvent, type IndexStep, type Tx } from "@/lib/server/chain/index-events";
import { userForAddress } from "@/lib/server/datasets/record-purchase";
import { holdReviewerFees } from "./panel-fees";
import { seatPanel } from "./seat-panel";

/** The ChainCursor row of this indexer. */
export const ESCROW_CURSOR_ID = "review-escrow";

/**
 * Reads the review escrow's events after the cursor: each is recorded once as an EscrowEvent ((txHash, logIndex) is
 * unique) and stake events move the wallet's ReviewerStake, in chain order, in the transaction that moves the cursor
 * (index-events.ts). Stakes are credited only from these events, never from what a browser says. An event naming a
 * campaign we do not know credits nothing and is logged.
 */
export async function indexEscrow(publicClient: PublicClient): Promise<IndexStep> {
  return indexEvents(publicClient, {
    cursorId: ESCROW_CURSOR_ID,
    contract: "ReviewEscrow",
    describe: "the review escrow",
    readLogs: (client, escrow, from, to) => escrowLogs(client, escrow.address, from, to),
    apply: async (tx, logs) => {
      const campaignOf = await campaignsByKey(tx, logs);
      let recorded = 0;
      const ignored: IgnoredEvent[] = [];
      for (const log of logs) {
        const seen = await tx.escrowEvent.findUnique({ where: { txHash_logIndex: { txHash: log.txHash, logIndex: log.logIndex } }, select: { id: true } });
        if (seen) continue;
        const campaignId = "campaign" in log ? (campaignOf.get(log.campaign) ?? null) : null;
        if ("campaign" in log && campaignId === null) {
          const reason = `no campaign of ours has the escrow key ${log.campaign}`;
          ignored.push({ txHash: log.txHash, logIndex: log.logIndex, reason });
          await tx.auditEvent.create({ data: { action: "escrow.ignored", subject: `tx:${log.txHash}:${log.logIndex}`, details: { reason, kind: log.kind, account: log.account } } });
          continue;
        }
        const userId = "account" in log ? await userForAddress(tx, log.account) : null;
        await tx.escrowEvent.create({
          data: {
            kind: log.kind,
            campaignId,
            userId,
            bondId: "bondId" in log ? log.bondId : null,
            amountWei: log.amount.toString(),
            txHash: log.txHash,
            logIndex: log.logIndex,
            blockNumber: Number(log.blockNumber),
          },
        });
        const event = stakeEvent(log);
        if (event && campaignId && userId) await moveStake(tx, campaignId, userId, event);
        if (log.kind === "BOND_POSTED" && userId) {
          const reason = await openAppeal(tx, log, userId);
          if (reason) {
            ignored.push({ txHash: log.txHash, logIndex: log.logIndex, reason });
            await tx.auditEvent.create({ data: { action: "escrow.bond-unmatched", subject: `tx:${log.txHash}:${log.logIndex}`, details: { reason, bondId: log.bondId, account: log.account } } });
          }
        }
        recorded++;
      }
      return { recorded, ignored };
    },
  });
}

/** The campaigns the step's logs name, by escrow key (keys are hashes: computed for every campaign, a small table). */
async function campaignsByKey(tx: Tx, logs: EscrowLog[]): Promise<Map<string, string>> {
  if (!logs.some((log) => "campaign" in log)) return new Map();
  const campaigns = await tx.campaign.findMany({ select: { id: true } });
  return new Map(campaigns.map((c) => [escrowCampaignKey(c.id), c.id]));
}

function stakeEvent(log: EscrowLog): StakeEvent | null {
  switch (log.kind) {
    case "STAKED":
    case "WITHDRAWN":
    case "SLASHED":
      return { kind: log.kind, amount: log.amount };
    case "WITHDRAWAL_REQUESTED":
      return { kind: log.kind, amount: log.amount, unlockAt: new Date(Number(log.unlockAt) * 1000) };
    default:
      return null;
  }
}

async function moveStake(tx: Tx, campaignId: string, userId: string, event: StakeEvent): Promise<void> {
  const row = await tx.reviewerStake.findUnique({ where: { campaignId_userId: { campaignId, userId } } });
  const before: StakeState = row
    ? { active: BigInt(row.activeWei), leaving: BigInt(row.leavingWei), unlockAt: row.unlockAt, slashed: BigInt(row.slashedWei) }
    : { active: 0n, leaving: 0n, unlockAt: null, slashed: 0n };
  const after = applyStakeEvent(before, event);
  const data = { activeWei: after.active.toString(), leavingWei: after.leaving.toString(), unlockAt: after.unlockAt, slashedWei: after.slashed.toString() };
  await tx.reviewerStake.upsert({ where: { campaignId_userId: { campaignId, userId } }, create: { campaignId, userId, ...data }, update: data });
}

/**
 * A bond credited for an appeal waiting for it opens the appeal, if it came from the appellant's wallet and is at
 * least the bond they filed; otherwise it opens nothing and the reason is returned (the DATA stays in the escrow, where
 * the arbiter can return it).
 */
async function openAppeal(tx: Tx, log: Extract<EscrowLog, { kind: "BOND_POSTED" }>, posterId: string): Promise<string | null> {
  const appeal = await tx.appeal.findUnique({ where: { bondKey: log.bondId } });
  if (!appeal) return `no appeal of ours has the bond key ${log.bondId}`;
  if (appeal.state !== "AWAITING_BOND") return `appeal ${appeal.id} is not waiting for a bond`;
  if (appeal.appellantId !== posterId) return `the bond for appeal ${appeal.id} came from another wallet than its appellant's`;
  if (log.amount < BigInt(appeal.bondWei)) return `the bond for appeal ${appeal.id} is ${log.amount} wei, less than the ${appeal.bondWei} wei filed`;
  const now = new Date();
  const sample = await tx.sample.findUniqueOrThrow({ where: { id: appeal.sampleId }, select: { status: true } });
  await tx.appeal.update({ where: { id: appeal.id }, data: { state: "OPEN", openedAt: now, bondTxHash: log.txHash, appealedStatus: sample.status } });
  await holdReviewerFees(tx, appeal.sampleId);
  // Seated at once when enough reviewers are eligible; otherwise the worker's panel step tries again.
  await seatPanel(tx, appeal.id, 1, now);
  return null;
}

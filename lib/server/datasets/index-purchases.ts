import "server-only";
import type { PublicClient } from "viem";
import { createPayoutAccount } from "@/lib/chain/clients";
import { purchasedLogs, type PurchasedLog } from "@/lib/chain/dataset-registry";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { findDeployment } from "@/lib/server/deployments";
import { recordPurchase } from "./record-purchase";

/** The ChainCursor row of this indexer. */
export const PURCHASE_CURSOR_ID = "dataset-purchases";
/** Most blocks read per step: keeps one getLogs call and one transaction small. */
const MAX_BLOCKS_PER_STEP = 2_000n;

export type IgnoredPurchase = { txHash: string; logIndex: number; reason: string };
export type IndexStep = { fromBlock: number; toBlock: number; recorded: number; ignored: IgnoredPurchase[]; reset: boolean } | { idle: string };

export class CursorMovedError extends Error {
  override name = "CursorMovedError";
}

/**
 * Reads the registry's Purchased events after the cursor, credits each one at the version's price in one transaction
 * with the cursor's move, so a block's events are processed exactly once: the cursor only moves with them, a second
 * indexer that read the same cursor fails its conditional move (CursorMovedError), and (txHash, logIndex) is unique.
 * Access is granted only from these events, never from what a browser says. An event for an unknown version, or at
 * another price than the version's, grants nothing and is logged. A cursor whose block hash the chain no longer has
 * means the chain was reset (or reorganised under it): indexing restarts at the registry's deployment block.
 */
export async function indexPurchases(publicClient: PublicClient): Promise<IndexStep> {
  const registry = await findDeployment("DatasetRegistry");
  if (!registry) return { idle: "the dataset registry is not deployed yet" };
  const { chainId } = getEnv();
  const cursor = await db.chainCursor.findUnique({ where: { id: PURCHASE_CURSOR_ID } });

  let reset = false;
  let from = BigInt(registry.blockNumber);
  if (cursor) {
    const live = cursor.chainId === chainId && cursor.blockNumber >= registry.blockNumber && (await blockHashAt(publicClient, cursor.blockNumber)) === cursor.blockHash;
    if (live) from = BigInt(cursor.blockNumber) + 1n;
    else reset = true;
  }
  // Uncached: viem keeps the block number for seconds, which would index a reset chain against a stale head.
  const head = await publicClient.getBlockNumber({ cacheTime: 0 });
  if (from > head) return { idle: "up to date" };
  const to = head - from + 1n > MAX_BLOCKS_PER_STEP ? from + MAX_BLOCKS_PER_STEP - 1n : head;

  const logs = await purchasedLogs(publicClient, registry.address, from, to);
  const toHash = await blockHashAt(publicClient, Number(to));
  if (!toHash) throw new Error(`block ${to} vanished while indexing: the chain moved, retrying`);
  const platform = createPayoutAccount().address;

  return db.$transaction(
    async (tx) => {
      // Conditional move: whoever read another cursor than the one there now lost a race and must start over.
      if (cursor) {
        const { count } = await tx.chainCursor.updateMany({
          where: { id: PURCHASE_CURSOR_ID, blockNumber: cursor.blockNumber, blockHash: cursor.blockHash },
          data: { chainId, blockNumber: Number(to), blockHash: toHash },
        });
        if (count !== 1) throw new CursorMovedError("another indexer moved the purchase cursor");
      } else {
        await tx.chainCursor.create({ data: { id: PURCHASE_CURSOR_ID, chainId, blockNumber: Number(to), blockHash: toHash } });
      }
      let recorded = 0;
      const ignored: IgnoredPurchase[] = [];
      for (const log of logs) {
        const match = await matchVersion(tx, log);
        if ("reason" in match) {
          ignored.push({ txHash: log.txHash, logIndex: log.logIndex, reason: match.reason });
          await tx.auditEvent.create({
            data: { action: "purchase.ignored", subject: `tx:${log.txHash}:${log.logIndex}`, details: { reason: match.reason, buyer: log.buyer, price: log.price.toString() } },
          });
          continue;
        }
        const event = { buyer: log.buyer, versionId: match.versionId, priceWei: log.price, txHash: log.txHash, logIndex: log.logIndex, blockNumber: Number(log.blockNumber) };
        if (await recordPurchase(tx, event, platform)) recorded++;
      }
      return { fromBlock: Number(from), toBlock: Number(to), recorded, ignored, reset };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** The version an event buys, or why it buys nothing: unknown on-chain id, nothing frozen, or another price. */
async function matchVersion(tx: Tx, log: PurchasedLog): Promise<{ versionId: string } | { reason: string }> {
  const version = await tx.datasetVersion.findUnique({ where: { onChainId: log.versionId }, select: { id: true, priceWei: true, merkleRoot: true } });
  if (!version || !version.merkleRoot) return { reason: `no version of ours has the on-chain id ${log.versionId}` };
  if (BigInt(version.priceWei) !== log.price) return { reason: `paid ${log.price} wei but the version costs ${version.priceWei} wei` };
  return { versionId: version.id };
}

async function blockHashAt(publicClient: PublicClient, blockNumber: number): Promise<string | null> {
  try {
    return (await publicClient.getBlock({ blockNumber: BigInt(blockNumber) })).hash;
  } catch {
    return null;
  }
}

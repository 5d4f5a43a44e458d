import "server-only";
import type { PublicClient } from "viem";
import { createPayoutAccount } from "@/lib/chain/clients";
import { purchasedLogs, type PurchasedLog } from "@/lib/chain/dataset-registry";
import { indexEvents, type IgnoredEvent, type IndexStep, type Tx } from "@/lib/server/chain/index-events";
import { recordPurchase } from "./record-purchase";

/** The ChainCursor row of this indexer. */
export const PURCHASE_CURSOR_ID = "dataset-purchases";

/**
 * Reads the registry's Purchased events after the cursor and credits each one at the version's price, exactly once
 * (index-events.ts; (txHash, logIndex) is unique). Access is granted only from these events, never from what a
 * browser says. An event for an unknown version, or at another price than the version's, grants nothing and is logged.
 */
export async function indexPurchases(publicClient: PublicClient): Promise<IndexStep> {
  const platform = createPayoutAccount().address;
  return indexEvents(publicClient, {
    cursorId: PURCHASE_CURSOR_ID,
    contract: "DatasetRegistry",
    describe: "the dataset registry",
    readLogs: (client, registry, from, to) => purchasedLogs(client, registry.address, from, to),
    apply: async (tx, logs) => {
      let recorded = 0;
      const ignored: IgnoredEvent[] = [];
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
      return { recorded, ignored };
    },
  });
}

/** The version an event buys, or why it buys nothing: unknown on-chain id, nothing frozen, or another price. */
async function matchVersion(tx: Tx, log: PurchasedLog): Promise<{ versionId: string } | { reason: string }> {
  const version = await tx.datasetVersion.findUnique({ where: { onChainId: log.versionId }, select: { id: true, priceWei: true, merkleRoot: true } });
  if (!version || !version.merkleRoot) return { reason: `no version of ours has the on-chain id ${log.versionId}` };
  if (BigInt(version.priceWei) !== log.price) return { reason: `paid ${log.price} wei but the version costs ${version.priceWei} wei` };
  return { versionId: version.id };
}

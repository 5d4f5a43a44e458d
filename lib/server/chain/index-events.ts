import "server-only";
import type { PublicClient } from "viem";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";
import { findDeployment, type ContractName, type RecordedDeployment } from "@/lib/server/deployments";

/** Most blocks read per step: keeps one getLogs call and one transaction small. */
const MAX_BLOCKS_PER_STEP = 2_000n;

export type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];
export type IgnoredEvent = { txHash: string; logIndex: number; reason: string };
export type IndexStep = { fromBlock: number; toBlock: number; recorded: number; ignored: IgnoredEvent[]; reset: boolean } | { idle: string };
export type Applied = { recorded: number; ignored: IgnoredEvent[] };

export class CursorMovedError extends Error {
  override name = "CursorMovedError";
}

export type EventIndexer<L> = {
  /** The ChainCursor row of this indexer. */
  cursorId: string;
  contract: ContractName;
  /** What the contract is called in an idle message ("the dataset registry"). */
  describe: string;
  readLogs: (publicClient: PublicClient, contract: RecordedDeployment, fromBlock: bigint, toBlock: bigint) => Promise<L[]>;
  /** Credits the logs of one step inside the transaction that moves the cursor. */
  apply: (tx: Tx, logs: L[]) => Promise<Applied>;
};

/**
 * One step of an on-chain event indexer: reads the contract's events after the cursor and applies them in one
 * transaction with the cursor's move, so a block's events are processed exactly once: the cursor only moves with them,
 * and a second indexer that read the same cursor fails its conditional move (CursorMovedError). A cursor whose block
 * hash the chain no longer has means the chain was reset (or reorganised under it): indexing restarts at the
 * contract's deployment block, and the rows' (txHash, logIndex) uniqueness keeps re-read events from counting twice.
 */
export async function indexEvents<L>(publicClient: PublicClient, indexer: EventIndexer<L>): Promise<IndexStep> {
  const contract = await findDeployment(indexer.contract);
  if (!contract) return { idle: `${indexer.describe} is not deployed yet` };
  const { chainId } = getEnv();
  const cursor = await db.chainCursor.findUnique({ where: { id: indexer.cursorId } });

  let reset = false;
  let from = BigInt(contract.blockNumber);
  if (cursor) {
    const live = cursor.chainId === chainId && cursor.blockNumber >= contract.blockNumber && (await blockHashAt(publicClient, cursor.blockNumber)) === cursor.blockHash;
    if (live) from = BigInt(cursor.blockNumber) + 1n;
    else reset = true;
  }
  // Uncached: viem keeps the block number for seconds, which would index a reset chain against a stale head.
  const head = await publicClient.getBlockNumber({ cacheTime: 0 });
  if (from > head) return { idle: "up to date" };
  const to = head - from + 1n > MAX_BLOCKS_PER_STEP ? from + MAX_BLOCKS_PER_STEP - 1n : head;

  const logs = await indexer.readLogs(publicClient, contract, from, to);
  const toHash = await blockHashAt(publicClient, Number(to));
  if (!toHash) throw new Error(`block ${to} vanished while indexing: the chain moved, retrying`);

  return db.$transaction(
    async (tx) => {
      // Conditional move: whoever read another cursor than the one there now lost a race and must start over.
      if (cursor) {
        const { count } = await tx.chainCursor.updateMany({
          where: { id: indexer.cursorId, blockNumber: cursor.blockNumber, blockHash: cursor.blockHash },
          data: { chainId, blockNumber: Number(to), blockHash: toHash },
        });
        if (count !== 1) throw new CursorMovedError(`another indexer moved the ${indexer.cursorId} cursor`);
      } else {
        await tx.chainCursor.create({ data: { id: indexer.cursorId, chainId, blockNumber: Number(to), blockHash: toHash } });
      }
      const applied = await indexer.apply(tx, logs);
      return { fromBlock: Number(from), toBlock: Number(to), ...applied, reset };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

async function blockHashAt(publicClient: PublicClient, blockNumber: number): Promise<string | null> {
  try {
    return (await publicClient.getBlock({ blockNumber: BigInt(blockNumber) })).hash;
  } catch {
    return null;
  }
}

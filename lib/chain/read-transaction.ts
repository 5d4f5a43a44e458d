// Reads one transaction and its receipt and decodes the events of Tessera's contracts in it, for the app's
// transaction page (the local chain has no block explorer).
import { parseEventLogs, type Address, type Hash, type PublicClient } from "viem";
import { dataTokenAbi } from "./abi/DataToken";
import { datasetRegistryAbi } from "./abi/DatasetRegistry";
import { rewardDistributorAbi } from "./abi/RewardDistributor";

export type DecodedEvent = { contract: Address; name: string; logIndex: number; args: Record<string, unknown> };

export type ChainTransaction = {
  hash: Hash;
  /** "pending" while it is known to the node but not mined. */
  status: "success" | "reverted" | "pending";
  blockNumber: bigint | null;
  timestamp: Date | null;
  from: Address;
  to: Address | null;
  valueWei: bigint;
  gasUsed: bigint | null;
  events: DecodedEvent[];
};

const TESSERA_ABI = [...dataTokenAbi, ...datasetRegistryAbi, ...rewardDistributorAbi];

/** null when the chain does not know the hash (never sent, or sent to another chain). */
export async function readTransaction(publicClient: PublicClient, hash: Hash): Promise<ChainTransaction | null> {
  const tx = await publicClient.getTransaction({ hash }).catch((error: unknown) => {
    if (error instanceof Error && error.name === "TransactionNotFoundError") return null;
    throw error;
  });
  if (!tx) return null;
  const receipt = tx.blockNumber === null ? null : await publicClient.getTransactionReceipt({ hash });
  const block = receipt ? await publicClient.getBlock({ blockNumber: receipt.blockNumber }) : null;
  const events = receipt
    ? parseEventLogs({ abi: TESSERA_ABI, logs: receipt.logs, strict: false }).map((log) => ({
        contract: log.address,
        name: log.eventName,
        logIndex: log.logIndex,
        args: (Array.isArray(log.args) ? Object.fromEntries(log.args.map((v, i) => [String(i), v])) : log.args) as Record<string, unknown>,
      }))
    : [];
  return {
    hash,
    status: receipt ? receipt.status : "pending",
    blockNumber: receipt?.blockNumber ?? null,
    timestamp: block ? new Date(Number(block.timestamp) * 1000) : null,
    from: tx.from,
    to: tx.to ?? null,
    valueWei: tx.value,
    gasUsed: receipt?.gasUsed ?? null,
    events,
  };
}

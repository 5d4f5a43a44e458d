import "server-only";
import { getAddress, type Address } from "viem";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";

export type ContractName = "DataToken" | "RewardDistributor" | "DatasetRegistry" | "ReviewEscrow";

export type RecordedDeployment = { address: Address; blockNumber: number; blockHash: string };

/** Where a contract of ours lives on the configured chain, as recorded by the deploy step; null before it ran. */
export async function findDeployment(name: ContractName): Promise<RecordedDeployment | null> {
  const row = await db.contractDeployment.findUnique({
    where: { chainId_name: { chainId: getEnv().chainId, name } },
    select: { address: true, blockNumber: true, blockHash: true },
  });
  return row ? { address: getAddress(row.address), blockNumber: row.blockNumber, blockHash: row.blockHash } : null;
}

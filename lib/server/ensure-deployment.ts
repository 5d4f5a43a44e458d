import "server-only";
import { getAddress, type Address } from "viem";
import { getEnv } from "@/lib/env";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { deployDataToken } from "@/lib/chain/deploy-contracts";
import { db } from "@/lib/server/db";

export type DeploymentOutcome = { name: "DataToken"; address: Address; reused: boolean };

/**
 * Reuses the recorded DataToken if the chain still has it (code at the address and the deployment block unchanged);
 * otherwise the chain is new, so it deploys again and records where. Idempotent: safe on every start.
 */
export async function ensureDataTokenDeployment(): Promise<DeploymentOutcome> {
  const env = getEnv();
  const publicClient = createTesseraPublicClient();
  const recorded = await db.contractDeployment.findUnique({ where: { chainId_name: { chainId: env.chainId, name: "DataToken" } } });
  if (recorded && (await stillOnChain(recorded.address as Address, recorded.blockNumber, recorded.blockHash))) {
    return { name: "DataToken", address: getAddress(recorded.address), reused: true };
  }

  const walletClient = createPayoutWalletClient();
  const deployed = await deployDataToken({ walletClient, publicClient, admin: walletClient.account.address });
  const block = await publicClient.getBlock({ blockNumber: deployed.blockNumber });
  const data = {
    address: deployed.address.toLowerCase(),
    txHash: deployed.txHash,
    blockNumber: Number(deployed.blockNumber),
    blockHash: block.hash,
  };
  await db.contractDeployment.upsert({
    where: { chainId_name: { chainId: env.chainId, name: "DataToken" } },
    create: { chainId: env.chainId, name: "DataToken", ...data },
    update: data,
  });
  return { name: "DataToken", address: getAddress(deployed.address), reused: false };

  async function stillOnChain(address: Address, blockNumber: number, blockHash: string): Promise<boolean> {
    const code = await publicClient.getCode({ address });
    if (!code || code === "0x") return false;
    const block = await publicClient.getBlock({ blockNumber: BigInt(blockNumber) }).catch(() => null);
    return block?.hash === blockHash;
  }
}

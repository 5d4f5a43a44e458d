import "server-only";
import { getAddress, type Address, type PublicClient } from "viem";
import { getEnv } from "@/lib/env";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { datasetRegistryAbi } from "@/lib/chain/abi/DatasetRegistry";
import { reviewEscrowAbi } from "@/lib/chain/abi/ReviewEscrow";
import { deployDataToken, deployDatasetRegistry, deployReviewEscrow, deployRewardDistributor, type Deployment } from "@/lib/chain/deploy-contracts";
import { STAKE_COOLDOWN_SECONDS } from "@/lib/domain/trust/stake-rules";
import { deploymentIsLive } from "@/lib/chain/payout-transactions";
import { distributorToken } from "@/lib/chain/reward-distributor";
import { db } from "@/lib/server/db";
import type { ContractName } from "@/lib/server/deployments";

export type DeploymentOutcome = { name: ContractName; address: Address; reused: boolean };

/**
 * Reuses the recorded DataToken if the chain still has it (code at the address and the deployment block unchanged);
 * otherwise the chain is new, so it deploys again and records where. Idempotent: safe on every start.
 */
export async function ensureDataTokenDeployment(): Promise<DeploymentOutcome> {
  return ensureDeployment("DataToken", async () => true, (walletClient, publicClient) =>
    deployDataToken({ walletClient, publicClient, admin: walletClient.account.address }),
  );
}

/**
 * The RewardDistributor paying in `token`, with the payout wallet as its admin and its payer. Reused under the same
 * rule as the token, and only while it still pays in that token (a redeployed token needs a new distributor: the
 * distributor's token is immutable).
 */
export async function ensureRewardDistributorDeployment(token: Address): Promise<DeploymentOutcome> {
  return ensureDeployment(
    "RewardDistributor",
    async (publicClient, address) => getAddress(await distributorToken(publicClient, address)) === getAddress(token),
    (walletClient, publicClient) => {
      const payout = walletClient.account.address;
      return deployRewardDistributor({ walletClient, publicClient, token, admin: payout, payer: payout });
    },
  );
}

/**
 * The DatasetRegistry selling versions for `token`, paying into `distributor`'s treasury (the revenue shares are paid
 * from there), with the payout wallet as admin and publisher. Reused only while both still match: both are immutable.
 */
export async function ensureDatasetRegistryDeployment(token: Address, distributor: Address): Promise<DeploymentOutcome> {
  return ensureDeployment(
    "DatasetRegistry",
    async (publicClient, address) => {
      const [registryToken, sink] = await Promise.all([
        publicClient.readContract({ address, abi: datasetRegistryAbi, functionName: "token" }),
        publicClient.readContract({ address, abi: datasetRegistryAbi, functionName: "revenueSink" }),
      ]);
      return getAddress(registryToken) === getAddress(token) && getAddress(sink) === getAddress(distributor);
    },
    (walletClient, publicClient) => {
      const payout = walletClient.account.address;
      return deployDatasetRegistry({ walletClient, publicClient, token, revenueSink: distributor, admin: payout, publisher: payout });
    },
  );
}

/**
 * The ReviewEscrow holding reviewers' stakes and appeal bonds in `token`, slashing into `distributor`'s treasury, with
 * the payout wallet as admin and arbiter. Reused only while token, treasury and cooldown still match (all immutable).
 */
export async function ensureReviewEscrowDeployment(token: Address, distributor: Address): Promise<DeploymentOutcome> {
  return ensureDeployment(
    "ReviewEscrow",
    async (publicClient, address) => {
      const [escrowToken, treasury, cooldown] = await Promise.all([
        publicClient.readContract({ address, abi: reviewEscrowAbi, functionName: "token" }),
        publicClient.readContract({ address, abi: reviewEscrowAbi, functionName: "treasury" }),
        publicClient.readContract({ address, abi: reviewEscrowAbi, functionName: "cooldown" }),
      ]);
      return getAddress(escrowToken) === getAddress(token) && getAddress(treasury) === getAddress(distributor) && cooldown === STAKE_COOLDOWN_SECONDS;
    },
    (walletClient, publicClient) => {
      const payout = walletClient.account.address;
      return deployReviewEscrow({ walletClient, publicClient, token, treasury: distributor, cooldownSeconds: STAKE_COOLDOWN_SECONDS, admin: payout, arbiter: payout });
    },
  );
}

/** Every contract of ours, in dependency order. */
export async function ensureDeployments(): Promise<DeploymentOutcome[]> {
  const token = await ensureDataTokenDeployment();
  const distributor = await ensureRewardDistributorDeployment(token.address);
  const registry = await ensureDatasetRegistryDeployment(token.address, distributor.address);
  const escrow = await ensureReviewEscrowDeployment(token.address, distributor.address);
  return [token, distributor, registry, escrow];
}

async function ensureDeployment(
  name: ContractName,
  stillFits: (publicClient: PublicClient, address: Address) => Promise<boolean>,
  deploy: (walletClient: ReturnType<typeof createPayoutWalletClient>, publicClient: PublicClient) => Promise<Deployment>,
): Promise<DeploymentOutcome> {
  const env = getEnv();
  const publicClient = createTesseraPublicClient();
  const recorded = await db.contractDeployment.findUnique({ where: { chainId_name: { chainId: env.chainId, name } } });
  if (recorded) {
    const address = getAddress(recorded.address);
    const live = await deploymentIsLive(publicClient, { address, blockNumber: recorded.blockNumber, blockHash: recorded.blockHash });
    if (live && (await stillFits(publicClient, address))) return { name, address, reused: true };
  }

  const deployed = await deploy(createPayoutWalletClient(), publicClient);
  const block = await publicClient.getBlock({ blockNumber: deployed.blockNumber });
  const data = {
    address: deployed.address.toLowerCase(),
    txHash: deployed.txHash,
    blockNumber: Number(deployed.blockNumber),
    blockHash: block.hash,
  };
  await db.contractDeployment.upsert({
    where: { chainId_name: { chainId: env.chainId, name } },
    create: { chainId: env.chainId, name, ...data },
    update: data,
  });
  return { name, address: getAddress(deployed.address), reused: false };
}

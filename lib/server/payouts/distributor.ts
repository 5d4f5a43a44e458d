import "server-only";
import type { Address, PublicClient } from "viem";
import { deploymentIsLive } from "@/lib/chain/payout-transactions";
import { findDeployment } from "@/lib/server/deployments";

/** The recorded RewardDistributor is missing or gone from the chain: paying now would pay into the void. */
export class DeploymentGoneError extends Error {
  override name = "DeploymentGoneError";
}

/** The RewardDistributor to pay through, checked against the chain; throws DeploymentGoneError when it is not there. */
export async function requireLiveDistributor(publicClient: PublicClient): Promise<Address> {
  const recorded = await findDeployment("RewardDistributor");
  if (!recorded) {
    throw new DeploymentGoneError("No RewardDistributor is recorded for this chain. Payouts wait until it is deployed (npm start or npm run deploy).");
  }
  if (!(await deploymentIsLive(publicClient, recorded))) {
    throw new DeploymentGoneError(
      `The RewardDistributor recorded at ${recorded.address} (block ${recorded.blockNumber}) is no longer on the chain: the chain was reset. ` +
        "Refusing to pay into the void until it is redeployed (npm start or npm run deploy).",
    );
  }
  return recorded.address;
}

// Contract deployment, shared by the deploy script, the app's start-up check and the tests. Plain viem on purpose:
// no configuration reads here, callers hand in their clients, so the same code deploys to the in-process Hardhat
// network in tests and to a real node in production.
import { getAddress, type Abi, type Address, type Hash, type Hex, type PublicClient, type WalletClient } from "viem";
import { dataTokenAbi, dataTokenBytecode } from "./abi/DataToken";
import { datasetRegistryAbi, datasetRegistryBytecode } from "./abi/DatasetRegistry";
import { reviewEscrowAbi, reviewEscrowBytecode } from "./abi/ReviewEscrow";
import { rewardDistributorAbi, rewardDistributorBytecode } from "./abi/RewardDistributor";

export type DeployClients = { walletClient: WalletClient; publicClient: PublicClient };
export type Deployment = { address: Address; txHash: Hash; blockNumber: bigint };

/** Deploys the DATA token with `admin` as its role admin and first minter. */
export async function deployDataToken(opts: DeployClients & { admin: Address }): Promise<Deployment> {
  return deployAndConfirm("DataToken", opts, { abi: dataTokenAbi, bytecode: dataTokenBytecode, args: [opts.admin] });
}

/**
 * Deploys the reward distributor for `token`: `admin` grants and revokes payers and can withdraw the treasury, `payer`
 * (the payout worker's wallet) pays batches. The treasury starts empty: mint or transfer DATA to the returned address.
 */
export async function deployRewardDistributor(
  opts: DeployClients & { token: Address; admin: Address; payer: Address },
): Promise<Deployment> {
  return deployAndConfirm("RewardDistributor", opts, {
    abi: rewardDistributorAbi,
    bytecode: rewardDistributorBytecode,
    args: [opts.token, opts.admin, opts.payer],
  });
}

/**
 * Deploys the dataset registry selling versions for `token`: payments go to `revenueSink` (the RewardDistributor, so
 * its treasury pays the revenue shares), `publisher` publishes versions, `admin` manages publishers.
 */
export async function deployDatasetRegistry(
  opts: DeployClients & { token: Address; revenueSink: Address; admin: Address; publisher: Address },
): Promise<Deployment> {
  return deployAndConfirm("DatasetRegistry", opts, {
    abi: datasetRegistryAbi,
    bytecode: datasetRegistryBytecode,
    args: [opts.token, opts.revenueSink, opts.admin, opts.publisher],
  });
}

/**
 * Deploys the review escrow for `token`: reviewers' stakes and appeal bonds. Slashed stakes go to `treasury` (the
 * RewardDistributor); `arbiter` (the settlement worker's wallet) slashes and settles bonds; `admin` manages arbiters;
 * a withdrawal waits `cooldownSeconds` after its request.
 */
export async function deployReviewEscrow(
  opts: DeployClients & { token: Address; treasury: Address; cooldownSeconds: bigint; admin: Address; arbiter: Address },
): Promise<Deployment> {
  return deployAndConfirm("ReviewEscrow", opts, {
    abi: reviewEscrowAbi,
    bytecode: reviewEscrowBytecode,
    args: [opts.token, opts.treasury, opts.cooldownSeconds, opts.admin, opts.arbiter],
  });
}

/** True when `address` holds contract code: a recorded address on a chain that was reset has none. */
export async function hasCode(publicClient: PublicClient, address: Address): Promise<boolean> {
  const code = await publicClient.getCode({ address });
  return code !== undefined && code !== "0x";
}

/**
 * Sends the creation transaction, waits for it to be mined and returns where the contract landed. A new contract is
 * one more three-line function like deployDataToken; the constructor arguments are typed by that function.
 */
async function deployAndConfirm(
  name: string,
  { walletClient, publicClient }: DeployClients,
  contract: { abi: Abi; bytecode: Hex; args: readonly unknown[] },
): Promise<Deployment> {
  const account = walletClient.account;
  if (!account) throw new Error(`Cannot deploy ${name}: the wallet client has no account.`);

  const txHash = await walletClient.deployContract({
    abi: contract.abi,
    bytecode: contract.bytecode,
    args: contract.args,
    account,
    chain: walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash: txHash });
  if (receipt.status !== "success") {
    throw new Error(`Deploying ${name} failed: transaction ${txHash} reverted in block ${receipt.blockNumber}.`);
  }
  if (!receipt.contractAddress) {
    throw new Error(`Deploying ${name} failed: the receipt of transaction ${txHash} names no contract address.`);
  }
  return { address: getAddress(receipt.contractAddress), txHash, blockNumber: receipt.blockNumber };
}

// RewardDistributor reads, writes and revert decoding. Plain viem: callers hand in their clients (no configuration
// reads, no "server-only"), so the payout worker, scripts and tests share it. Writes follow viem's order: simulate,
// write, wait for the receipt, check its status.
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatUnits,
  keccak256,
  toHex,
  zeroHash,
  type Account,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from "viem";
import { dataTokenAbi } from "./abi/DataToken";
import { rewardDistributorAbi } from "./abi/RewardDistributor";
import type { TesseraWalletClient } from "./clients";

export const PAYER_ROLE = keccak256(toHex("PAYER_ROLE"));
const DATA_DECIMALS = 18;

/** One payout batch as the contract takes it: `amounts[i]` wei of DATA to `recipients[i]`, once per `batchId`. */
export type RewardBatch = { batchId: Hex; recipients: readonly Address[]; amounts: readonly bigint[] };

/** Whether the distributor has recorded `batchId` as paid; the worker asks this before resending a batch. */
export async function isBatchPaid(publicClient: PublicClient, distributor: Address, batchId: Hex): Promise<boolean> {
  return publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "isPaid", args: [batchId] });
}

/** The block `batchId` was paid in (where its BatchPaid and Transfer logs are), or null while it is unpaid. */
export async function batchPaidAtBlock(publicClient: PublicClient, distributor: Address, batchId: Hex): Promise<bigint | null> {
  const block = await publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "paidAtBlock", args: [batchId] });
  return block === 0n ? null : block;
}

/** The token a distributor pays in (fixed at deployment). */
export async function distributorToken(publicClient: PublicClient, distributor: Address): Promise<Address> {
  return publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "token" });
}

/** DATA wei the distributor holds: the most that batches can still pay before the treasury is funded again. */
export async function treasuryBalance(publicClient: PublicClient, distributor: Address): Promise<bigint> {
  const token = await publicClient.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: "token" });
  return publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "balanceOf", args: [distributor] });
}

/**
 * Runs payBatch against the latest block without sending it and returns the request to hand to `writeContract`.
 * Throws the contract's revert (decode it with `describePayBatchError`). `gas` skips the node's estimate when set:
 * Hardhat under Osaka fails eth_estimateGas for transactions above about 5.5 M gas (some 200 new recipients).
 */
export async function simulatePayBatch(
  publicClient: PublicClient,
  account: Account | Address,
  distributor: Address,
  batch: RewardBatch,
  options: { gas?: bigint } = {},
) {
  const { request } = await publicClient.simulateContract({
    account,
    address: distributor,
    abi: rewardDistributorAbi,
    functionName: "payBatch",
    args: [batch.batchId, batch.recipients, batch.amounts],
    gas: options.gas,
  });
  return request;
}

/** Pays `batch` and waits for it to be mined; resolves only when the transaction succeeded. */
export async function payBatch(
  clients: { publicClient: PublicClient; walletClient: TesseraWalletClient },
  distributor: Address,
  batch: RewardBatch,
  options: { gas?: bigint } = {},
): Promise<{ txHash: Hash; blockNumber: bigint; gasUsed: bigint }> {
  const request = await simulatePayBatch(clients.publicClient, clients.walletClient.account, distributor, batch, options);
  const txHash = await clients.walletClient.writeContract(request);
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash: txHash });
  if (receipt.status !== "success") throw new Error(`payBatch ${batch.batchId} reverted in transaction ${txHash}`);
  return { txHash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}

export type PayBatchRevert = { errorName: string; args: readonly unknown[] };

/**
 * The custom error a payBatch (or withdraw) call reverted with, or null when `error` is no contract revert (a network
 * failure, a timeout). The token's own errors (ERC20InsufficientBalance, …) bubble up through SafeERC20 and are
 * decoded too. The worker branches on `errorName`; people read `describePayBatchError`.
 */
export function decodePayBatchRevert(error: unknown): PayBatchRevert | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return null;
  if (reverted.data) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  if (!reverted.raw) return null;
  try {
    const decoded = decodeErrorResult({ abi: dataTokenAbi, data: reverted.raw });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return null;
  }
}

/** One sentence for a person about why payBatch failed; never a stack. */
export function describePayBatchError(error: unknown): string {
  const revert = decodePayBatchRevert(error);
  if (revert) {
    const sentence = describeRevert(revert);
    if (sentence) return sentence;
  }
  if (error instanceof BaseError) return error.shortMessage;
  return error instanceof Error ? error.message : String(error);
}

const inData = (wei: unknown) => `${formatUnits(wei as bigint, DATA_DECIMALS)} DATA`;

function describeRevert({ errorName, args }: PayBatchRevert): string | null {
  switch (errorName) {
    case "BatchAlreadyPaid":
      return "This batch was already paid on-chain.";
    case "InsufficientTreasury":
      return `The reward treasury holds ${inData(args[1])} but the batch needs ${inData(args[0])}.`;
    case "ERC20InsufficientBalance":
      return `The reward treasury holds ${inData(args[1])} but a transfer needs ${inData(args[2])}.`;
    case "BatchLengthMismatch":
      return `The batch lists ${args[0]} recipients but ${args[1]} amounts.`;
    case "EmptyBatch":
      return "The batch has no recipients.";
    case "ZeroRecipient":
      return `Entry ${Number(args[0]) + 1} of the batch pays the zero address.`;
    case "ZeroAmount":
      return `Entry ${Number(args[0]) + 1} of the batch pays an amount of zero.`;
    case "AccessControlUnauthorizedAccount": {
      const role = args[1] === PAYER_ROLE ? "PAYER_ROLE" : args[1] === zeroHash ? "the admin role" : String(args[1]);
      return `The wallet ${String(args[0])} lacks ${role} on the reward distributor.`;
    }
    case "SafeERC20FailedOperation":
      return "The DATA token refused the transfer.";
    default:
      return null;
  }
}

// The payout worker's transaction plumbing, below viem's writeContract: the worker must record a signed transaction
// (with its nonce) before broadcasting it, rebroadcast the very same bytes after a crash, and replace it with a higher
// fee when it is stuck. Plain viem: callers hand in clients and the account, nothing reads configuration here.
import {
  BaseError,
  BlockNotFoundError,
  encodeFunctionData,
  keccak256,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Address,
  type Hash,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
} from "viem";
import type { Fees } from "@/lib/domain/payouts/fees";
import { rewardDistributorAbi } from "./abi/RewardDistributor";
import type { RewardBatch } from "./reward-distributor";

/** EIP-7825 (Osaka): no transaction may ask for more gas; Hardhat 2.29 enforces it. */
export const TX_GAS_CAP = 16_777_216n;

export function encodePayBatch(batch: RewardBatch): Hex {
  return encodeFunctionData({ abi: rewardDistributorAbi, functionName: "payBatch", args: [batch.batchId, batch.recipients, batch.amounts] });
}

/**
 * Gas for payBatch with 25 % headroom (later batches may find recipients' balances in a costlier state), capped at
 * the per-transaction limit. Throws the contract's revert like a simulation would.
 */
export async function estimatePayBatchGas(publicClient: PublicClient, account: Address, distributor: Address, batch: RewardBatch): Promise<bigint> {
  const estimate = await publicClient.estimateContractGas({
    account,
    address: distributor,
    abi: rewardDistributorAbi,
    functionName: "payBatch",
    args: [batch.batchId, batch.recipients, batch.amounts],
  });
  const padded = (estimate * 125n) / 100n;
  return padded > TX_GAS_CAP ? TX_GAS_CAP : padded;
}

/** What the network asks for an EIP-1559 transaction now. */
export async function suggestFees(publicClient: PublicClient): Promise<Fees> {
  const { maxFeePerGas, maxPriorityFeePerGas } = await publicClient.estimateFeesPerGas({ type: "eip1559", chain: publicClient.chain });
  return { maxFeePerGas, maxPriorityFeePerGas };
}

export type SignedTransaction = { raw: Hex; hash: Hash };

/** Signs a payBatch transaction locally: no network call, so it can be recorded before anything leaves the process. */
export async function signPayBatch(
  account: LocalAccount,
  tx: { chainId: number; distributor: Address; data: Hex; nonce: number; gas: bigint; fees: Fees },
): Promise<SignedTransaction> {
  const raw = await account.signTransaction({
    type: "eip1559",
    chainId: tx.chainId,
    to: tx.distributor,
    data: tx.data,
    value: 0n,
    nonce: tx.nonce,
    gas: tx.gas,
    maxFeePerGas: tx.fees.maxFeePerGas,
    maxPriorityFeePerGas: tx.fees.maxPriorityFeePerGas,
  });
  return { raw, hash: keccak256(raw) };
}

/**
 * How the node took a raw transaction. Everything but a definite answer about this transaction (a network error, a
 * timeout) is thrown, so the caller backs off and asks the chain again rather than guessing.
 */
export type BroadcastOutcome = "accepted" | "known" | "nonce-too-low" | "nonce-too-high" | "underpriced";

export async function broadcastRaw(publicClient: PublicClient, raw: Hex): Promise<BroadcastOutcome> {
  try {
    await publicClient.sendRawTransaction({ serializedTransaction: raw });
    return "accepted";
  } catch (error) {
    const text = errorText(error);
    if (/already known|known transaction|already imported|already in the mempool/i.test(text)) return "known";
    if (/nonce too low|nonce has already been used|nonce is too low/i.test(text)) return "nonce-too-low";
    if (/nonce too high|nonce is too high/i.test(text)) return "nonce-too-high";
    if (/underpriced|replacement fee too low|fee too low/i.test(text)) return "underpriced";
    throw error;
  }
}

export async function receiptOrNull(publicClient: PublicClient, hash: Hash): Promise<TransactionReceipt | null> {
  try {
    return await publicClient.getTransactionReceipt({ hash });
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return null;
    throw error;
  }
}

/** Whether the node holds `hash` unmined (in its mempool). */
export async function isPending(publicClient: PublicClient, hash: Hash): Promise<boolean> {
  try {
    const tx = await publicClient.getTransaction({ hash });
    return tx.blockNumber === null;
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return false;
    throw error;
  }
}

/** The payer's mined transaction count and the count including what the node holds unmined. */
export async function accountNonces(publicClient: PublicClient, address: Address): Promise<{ mined: number; pending: number }> {
  const [mined, pending] = await Promise.all([
    publicClient.getTransactionCount({ address, blockTag: "latest" }),
    publicClient.getTransactionCount({ address, blockTag: "pending" }),
  ]);
  return { mined, pending };
}

/** The transaction that paid `batchId`, from the BatchPaid log in the block the contract recorded. */
export async function findBatchPaidTransaction(publicClient: PublicClient, distributor: Address, batchId: Hex, block: bigint): Promise<Hash | null> {
  const logs = await publicClient.getContractEvents({
    address: distributor,
    abi: rewardDistributorAbi,
    eventName: "BatchPaid",
    args: { batchId },
    fromBlock: block,
    toBlock: block,
  });
  return logs[0]?.transactionHash ?? null;
}

/**
 * Whether a contract we deployed is still where we recorded it: code at the address, and the block it was deployed in
 * unchanged (a fresh chain can reach the same height with other blocks, and even put new code at the same address).
 */
export async function deploymentIsLive(publicClient: PublicClient, at: { address: Address; blockNumber: number; blockHash: string }): Promise<boolean> {
  const code = await publicClient.getCode({ address: at.address });
  if (!code || code === "0x") return false;
  try {
    const block = await publicClient.getBlock({ blockNumber: BigInt(at.blockNumber) });
    return block.hash === at.blockHash;
  } catch (error) {
    // A block beyond the head: the chain is younger than our deployment. Any other error (the node is down) is no
    // answer about the deployment, so it propagates.
    if (error instanceof BlockNotFoundError) return false;
    throw error;
  }
}

function errorText(error: unknown): string {
  if (error instanceof BaseError) return [error.shortMessage, error.details, error.message].filter(Boolean).join(" ");
  return error instanceof Error ? error.message : String(error);
}

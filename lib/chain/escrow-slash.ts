// ReviewEscrow.slash for the slasher: simulated, signed locally (so the transaction is recorded before it leaves the
// process), and the chain's own record of a finding's slash (its Slashed event, by reason). Plain viem.
import { encodeFunctionData, keccak256, stringToBytes, type Address, type Hash, type Hex, type LocalAccount, type PublicClient } from "viem";
import type { Fees } from "@/lib/domain/payouts/fees";
import { reviewEscrowAbi } from "./abi/ReviewEscrow";
import { TX_GAS_CAP } from "./payout-transactions";

export type SlashCall = { escrow: Address; campaign: Hex; reviewer: Address; amount: bigint; reason: Hex };

/** The bytes32 reason a finding is slashed under: the Slashed event names it, so the chain says which finding it was. */
export function slashReasonKey(findingKey: string): Hex {
  return keccak256(stringToBytes(`tessera:slash:${findingKey}`));
}

/** The reviewer's stake in the campaign as the escrow holds it now: what a slash can take (active and leaving). */
export async function stakeOnChain(publicClient: PublicClient, escrow: Address, campaign: Hex, reviewer: Address): Promise<bigint> {
  const [active, leaving] = await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "stakeOf", args: [campaign, reviewer] });
  return active + leaving;
}

/**
 * Simulates the slash as `account` and returns its gas with headroom: the contract's revert (a missing role, a slash
 * above the stake) is thrown exactly as the write would meet it.
 */
export async function simulateSlash(publicClient: PublicClient, account: Address, call: SlashCall): Promise<bigint> {
  const { request } = await publicClient.simulateContract({
    account,
    address: call.escrow,
    abi: reviewEscrowAbi,
    functionName: "slash",
    args: [call.campaign, call.reviewer, call.amount, call.reason],
  });
  const estimate = await publicClient.estimateContractGas(request);
  const padded = (estimate * 125n) / 100n;
  return padded > TX_GAS_CAP ? TX_GAS_CAP : padded;
}

/** Signs the slash locally: no network call, so it can be recorded with its nonce before it is broadcast. */
export async function signSlash(account: LocalAccount, tx: { chainId: number; call: SlashCall; nonce: number; gas: bigint; fees: Fees }): Promise<{ raw: Hex; hash: Hash }> {
  const { call } = tx;
  const raw = await account.signTransaction({
    type: "eip1559",
    chainId: tx.chainId,
    to: call.escrow,
    data: encodeFunctionData({ abi: reviewEscrowAbi, functionName: "slash", args: [call.campaign, call.reviewer, call.amount, call.reason] }),
    value: 0n,
    nonce: tx.nonce,
    gas: tx.gas,
    maxFeePerGas: tx.fees.maxFeePerGas,
    maxPriorityFeePerGas: tx.fees.maxPriorityFeePerGas,
  });
  return { raw, hash: keccak256(raw) };
}

/**
 * The transaction whose Slashed event carries `reason` for this reviewer and campaign, or null: the chain's answer to
 * "was this finding slashed?", whatever the database says (a crash between a write and its record).
 */
export async function findSlashedByReason(
  publicClient: PublicClient,
  escrow: Address,
  at: { campaign: Hex; reviewer: Address; reason: Hex; fromBlock: bigint },
): Promise<{ txHash: Hash; amount: bigint } | null> {
  const logs = await publicClient.getContractEvents({
    address: escrow,
    abi: reviewEscrowAbi,
    eventName: "Slashed",
    args: { campaign: at.campaign, reviewer: at.reviewer },
    fromBlock: at.fromBlock,
    toBlock: "latest",
  });
  const hit = logs.find((log) => log.args.reason?.toLowerCase() === at.reason.toLowerCase());
  return hit ? { txHash: hit.transactionHash, amount: hit.args.amount ?? 0n } : null;
}

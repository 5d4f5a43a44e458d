// The arbiter's side of appeal bonds: read a bond, the escrow's treasury, and pay a bond out (settleBond) in viem's
// order. Plain viem; the payout worker calls it with its own account (lib/server/trust/settle-bonds.ts).
import { createWalletClient, http, parseEventLogs, type Address, type Hex, type LocalAccount, type PublicClient, type TransactionReceipt } from "viem";
import { reviewEscrowAbi } from "./abi/ReviewEscrow";

export type OnChainBond = { poster: Address; amount: bigint; settled: boolean };

export async function readBond(publicClient: PublicClient, escrow: Address, bondKey: Hex): Promise<OnChainBond> {
  const [poster, amount, settled] = await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "bondOf", args: [bondKey] });
  return { poster, amount, settled };
}

export async function escrowTreasury(publicClient: PublicClient, escrow: Address): Promise<Address> {
  return publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "treasury" });
}

/** The transaction that settled the bond, read from its BondSettled event (the bond id is indexed). */
export async function bondSettledTx(publicClient: PublicClient, escrow: Address, bondKey: Hex): Promise<{ txHash: Hex; blockNumber: bigint } | null> {
  const logs = await publicClient.getContractEvents({ address: escrow, abi: reviewEscrowAbi, eventName: "BondSettled", args: { bondId: bondKey }, fromBlock: 0n, toBlock: "latest" });
  const log = logs[0];
  return log ? { txHash: log.transactionHash, blockNumber: log.blockNumber } : null;
}

/** Simulates then sends settleBond from the arbiter's account; returns the hash without waiting. */
export async function sendSettleBond(publicClient: PublicClient, account: LocalAccount, escrow: Address, bondKey: Hex, recipients: Address[], amounts: bigint[]): Promise<Hex> {
  const { request } = await publicClient.simulateContract({ account, address: escrow, abi: reviewEscrowAbi, functionName: "settleBond", args: [bondKey, recipients, amounts] });
  const wallet = createWalletClient({ account, chain: publicClient.chain, transport: http(transportUrl(publicClient)) });
  return wallet.writeContract(request);
}

/** Whether a mined receipt settled this bond (status success and a BondSettled event for it). */
export function receiptSettles(receipt: TransactionReceipt, bondKey: Hex): boolean {
  if (receipt.status !== "success") return false;
  return parseEventLogs({ abi: reviewEscrowAbi, logs: receipt.logs, eventName: "BondSettled" }).some((log) => log.args.bondId === bondKey);
}

function transportUrl(publicClient: PublicClient): string {
  const url = publicClient.chain?.rpcUrls.default.http[0];
  if (!url) throw new Error("the public client's chain names no RPC URL");
  return url;
}

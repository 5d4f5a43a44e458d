// DATA token writes, in viem's order: simulate, write, wait for the receipt, check its status.
import type { Address, Hash, PublicClient } from "viem";
import { dataTokenAbi } from "./abi/DataToken";
import type { TesseraWalletClient } from "./clients";

export async function mintData(
  clients: { publicClient: PublicClient; walletClient: TesseraWalletClient },
  token: Address,
  to: Address,
  amountWei: bigint,
): Promise<Hash> {
  const { request } = await clients.publicClient.simulateContract({
    account: clients.walletClient.account,
    address: token,
    abi: dataTokenAbi,
    functionName: "mint",
    args: [to, amountWei],
  });
  const hash = await clients.walletClient.writeContract(request);
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`mint to ${to} reverted in transaction ${hash}`);
  return hash;
}

export async function dataBalanceOf(publicClient: PublicClient, token: Address, holder: Address): Promise<bigint> {
  return publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "balanceOf", args: [holder] });
}

export async function dataTotalSupply(publicClient: PublicClient, token: Address): Promise<bigint> {
  return publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "totalSupply" });
}

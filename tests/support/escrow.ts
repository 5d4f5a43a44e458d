// Shared by the integration tests of the review escrow: writes from a test wallet in the app's order, and the escrow
// indexer run until it has read the chain's head.
import type { Address, TransactionReceipt } from "viem";
import { expect } from "vitest";
import { dataTokenAbi, reviewEscrowAbi } from "@/lib/chain/abi";
import { createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";

export { indexEscrowToHead } from "./escrow-index";

/** A write by `wallet` to the token or the escrow: simulate, write, wait for the receipt, check its status. */
export async function escrowWrite(wallet: TesseraWalletClient, contract: { address: Address; isToken: boolean }, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> {
  const publicClient = createTesseraPublicClient();
  const abi = contract.isToken ? dataTokenAbi : reviewEscrowAbi;
  const { request } = await publicClient.simulateContract({ account: wallet.account, address: contract.address, abi, functionName, args } as never);
  const hash = await wallet.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

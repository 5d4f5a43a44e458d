// Fresh wallets for the trust benches (Sybil, appeals): gas from the node (as from any faucet or exchange), DATA bought
// from the market (minted by the deployer, recorded as what the wallet paid), and writes in the app's order.
import { createWalletClient, http, parseEther, type Address, type Hex, type TransactionReceipt } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { dataTokenAbi, reviewEscrowAbi } from "@/lib/chain/abi";
import { tesseraChain } from "@/lib/chain/chain";
import { createPayoutWalletClient, createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { mintData } from "@/lib/chain/token";
import { getEnv } from "@/lib/env";

export type Wallet = { client: TesseraWalletClient; address: Address };

export function freshWallet(): Wallet {
  const { rpcUrl, chainId } = getEnv();
  const account = privateKeyToAccount(generatePrivateKey());
  return { client: createWalletClient({ account, chain: tesseraChain(chainId, rpcUrl), transport: http(rpcUrl) }), address: account.address };
}

/** Gas money, as from any faucet or exchange. */
export async function giveEther(address: Address): Promise<void> {
  await createTesseraPublicClient().request({ method: "hardhat_setBalance" as never, params: [address, `0x${parseEther("10").toString(16)}`] as never });
}

/** DATA bought on the market: the deployer mints it to the buyer. */
export async function buyData(token: Address, to: Address, amount: bigint): Promise<void> {
  await mintData({ publicClient: createTesseraPublicClient(), walletClient: createPayoutWalletClient() }, token, to, amount);
}

/** simulate -> write -> receipt -> status, from the wallet's own key. */
export async function walletWrite(wallet: Wallet, address: Address, abi: typeof dataTokenAbi | typeof reviewEscrowAbi, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> {
  const publicClient = createTesseraPublicClient();
  const { request } = await publicClient.simulateContract({ account: wallet.client.account, address, abi, functionName, args } as never);
  const hash = await wallet.client.writeContract(request as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${functionName} from ${wallet.address} reverted`);
  return receipt;
}

export async function stakeFrom(wallet: Wallet, token: Address, escrow: Address, campaignKey: Hex, amount: bigint): Promise<void> {
  await walletWrite(wallet, token, dataTokenAbi, "approve", [escrow, amount]);
  await walletWrite(wallet, escrow, reviewEscrowAbi, "stake", [campaignKey, amount]);
}

/** An appeal bond from the appellant's wallet, approve then postBond, as the Appeal panel sends it. */
export async function postBondFrom(wallet: Wallet, token: Address, escrow: Address, bondKey: Hex, amount: bigint): Promise<TransactionReceipt> {
  await walletWrite(wallet, token, dataTokenAbi, "approve", [escrow, amount]);
  return walletWrite(wallet, escrow, reviewEscrowAbi, "postBond", [bondKey, amount]);
}

/** What a wallet holds in DATA: its balance plus its stake in the campaign (active and leaving are still its own). */
export async function dataHeld(token: Address, escrow: Address, campaignKey: Hex, holder: Address): Promise<bigint> {
  const publicClient = createTesseraPublicClient();
  const [balance, [active, leaving]] = await Promise.all([
    publicClient.readContract({ address: token, abi: dataTokenAbi, functionName: "balanceOf", args: [holder] }),
    publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "stakeOf", args: [campaignKey, holder] }),
  ]);
  return balance + active + leaving;
}

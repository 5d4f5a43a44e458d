// Server-side viem clients. Only lib/chain talks to the chain; services ask it through these.
import { createPublicClient, createWalletClient, http, type PublicClient, type WalletClient, type Chain, type Account, type Transport } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { getEnv } from "@/lib/env";
import { tesseraChain } from "./chain";

export type TesseraWalletClient = WalletClient<Transport, Chain, Account>;

// Short timeouts and a single retry: callers (health checks, the worker) decide how to back off.
const transportOptions = { timeout: 5_000, retryCount: 1 } as const;

export function createTesseraPublicClient(rpcUrl = getEnv().rpcUrl, chainId = getEnv().chainId): PublicClient {
  return createPublicClient({ chain: tesseraChain(chainId, rpcUrl), transport: http(rpcUrl, transportOptions) });
}

/** The payout/deployer account, for signing locally (the payout worker signs before it broadcasts). */
export function createPayoutAccount(): PrivateKeyAccount {
  return privateKeyToAccount(getEnv().payoutPrivateKey);
}

/** The payout/deployer wallet (PAYOUT_PRIVATE_KEY; Hardhat account #0 on the local chain). */
export function createPayoutWalletClient(): TesseraWalletClient {
  const env = getEnv();
  return createWalletClient({
    account: createPayoutAccount(),
    chain: tesseraChain(env.chainId, env.rpcUrl),
    transport: http(env.rpcUrl, transportOptions),
  });
}

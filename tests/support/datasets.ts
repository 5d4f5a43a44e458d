// Accepted samples, buyer wallets and chain helpers for the dataset tests: written directly where another issue's
// flow (ingest, review) produces them, and through the real services and contracts for what is under test.
import { randomBytes } from "node:crypto";
import { createWalletClient, http, type Address, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { dataTokenAbi, datasetRegistryAbi } from "@/lib/chain/abi";
import { createTesseraPublicClient, type TesseraWalletClient } from "@/lib/chain/clients";
import { tesseraChain } from "@/lib/chain/chain";
import { getEnv } from "@/lib/env";
import { db } from "@/lib/server/db";

const MNEMONIC = "test test test test test test test test test test test junk";

/** Hardhat account #`index` as a wallet on the configured node (a buyer signing in their browser, in effect). */
export function hardhatWallet(index: number): TesseraWalletClient {
  const { rpcUrl, chainId } = getEnv();
  return createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: index }), chain: tesseraChain(chainId, rpcUrl), transport: http(rpcUrl) });
}

/** An ACCEPTED text sample with its consensus and the reviews that led to it. */
export async function acceptedSample(
  campaignId: string,
  contributorId: string,
  options: { label?: string; posterior?: number; reviewerIds?: string[]; createdAt?: Date; text?: string } = {},
) {
  const text = options.text ?? `An accepted sample, ${randomBytes(6).toString("hex")}.`;
  const label = options.label ?? "positive";
  return db.sample.create({
    data: {
      campaignId,
      contributorId,
      status: "ACCEPTED",
      contentHash: randomBytes(32).toString("hex"),
      mimeType: "text/plain; charset=utf-8",
      sizeBytes: Buffer.byteLength(text),
      textContent: text,
      labels: label,
      consensusLabel: label,
      posterior: options.posterior ?? 0.97,
      decidedAt: new Date(),
      createdAt: options.createdAt,
      reviews: { create: (options.reviewerIds ?? []).map((reviewerId) => ({ reviewerId, verdict: "ACCEPT" as const, label })) },
    },
  });
}

/** A write by `wallet` in viem's order; returns the receipt, whatever its status. */
export async function send(wallet: TesseraWalletClient, address: Address, abi: typeof dataTokenAbi | typeof datasetRegistryAbi, functionName: string, args: readonly unknown[]) {
  const publicClient = createTesseraPublicClient();
  const { request } = await publicClient.simulateContract({ account: wallet.account, address, abi, functionName, args } as never);
  const hash = await wallet.writeContract(request as never);
  return publicClient.waitForTransactionReceipt({ hash });
}

/** approve + purchase, the two-click path. */
export async function approveAndBuy(wallet: TesseraWalletClient, token: Address, registry: Address, onChainId: Hex, price: bigint) {
  await send(wallet, token, dataTokenAbi, "approve", [registry, price]);
  return send(wallet, registry, datasetRegistryAbi, "purchase", [onChainId]);
}

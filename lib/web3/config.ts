"use client";
import { createConfig, http, injected } from "wagmi";
import { tesseraChain } from "@/lib/chain/chain";
import { devWallet } from "./dev-wallet-connector";

export type PublicChainConfig = {
  chainId: number;
  /** DATA token address on that chain, or null before the first deploy. */
  tokenAddress: `0x${string}` | null;
  devWalletEnabled: boolean;
};

/** The browser reaches the chain through the app's own RPC proxy, so it works wherever the app is served from. */
function rpcProxyUrl(): string {
  return typeof window === "undefined" ? "http://localhost/api/rpc" : `${window.location.origin}/api/rpc`;
}

export function createWagmiConfig(chainConfig: PublicChainConfig) {
  const chain = tesseraChain(chainConfig.chainId, rpcProxyUrl());
  return createConfig({
    chains: [chain],
    ssr: true,
    connectors: [injected(), ...(chainConfig.devWalletEnabled ? [devWallet({ chain, rpcUrl: rpcProxyUrl })] : [])],
    transports: { [chain.id]: http(rpcProxyUrl()) },
  });
}

"use client";
import { QueryClient } from "@tanstack/react-query";
import { createConfig, http, injected, type Config } from "wagmi";
import { reconnect } from "wagmi/actions";
import { tesseraChain } from "@/lib/chain/chain";
import type { PublicChainConfig } from "./chain-config-context";
import { devWallet } from "./dev-wallet-connector";

/** The browser reaches the chain through the app's own RPC proxy, so it works wherever the app is served from. */
function rpcProxyUrl(): string {
  return `${window.location.origin}/api/rpc`;
}

function createWagmiConfig(chainConfig: PublicChainConfig): Config {
  const chain = tesseraChain(chainConfig.chainId, rpcProxyUrl());
  return createConfig({
    chains: [chain],
    // Created in the browser only, when a wallet action first needs it: nothing wallet-related is server-rendered.
    ssr: false,
    connectors: [injected(), ...(chainConfig.devWalletEnabled ? [devWallet({ chain, rpcUrl: rpcProxyUrl })] : [])],
    transports: { [chain.id]: http(rpcProxyUrl()) },
  });
}

export type WalletStack = { config: Config; queryClient: QueryClient; reconnected: Promise<unknown> };
let stack: WalletStack | null = null;

/**
 * The page's one wagmi config and query cache, shared by every wallet panel and by sign-in, created on first use.
 * The wallet connected on an earlier page (remembered in localStorage) is reconnected once, here, rather than by each
 * provider that mounts.
 */
export function walletStack(chainConfig: PublicChainConfig): WalletStack {
  if (!stack) {
    const config = createWagmiConfig(chainConfig);
    const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } });
    stack = { config, queryClient, reconnected: reconnect(config).catch(() => []) };
  }
  return stack;
}

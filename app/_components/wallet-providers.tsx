"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { WagmiContext } from "wagmi";
import { useChainConfig } from "@/lib/web3/chain-config-context";
import { walletStack } from "@/lib/web3/config";

/**
 * wagmi and react-query for the panels that act with the wallet (buying, staking, funding). Only those panels' lazy
 * chunks import this, so pages without a wallet action never load the wallet stack. WagmiContext is provided directly
 * (not WagmiProvider) because the shared config reconnects once in walletStack, not at every provider's mount.
 */
export function WalletProviders({ children }: { children: ReactNode }) {
  const { config, queryClient } = walletStack(useChainConfig());
  return (
    <WagmiContext.Provider value={config}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </WagmiContext.Provider>
  );
}

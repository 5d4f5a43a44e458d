"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { createWagmiConfig, type PublicChainConfig } from "@/lib/web3/config";
import { ChainConfigContext } from "@/lib/web3/chain-config-context";

export function Providers({ chainConfig, children }: { chainConfig: PublicChainConfig; children: ReactNode }) {
  const [wagmiConfig] = useState(() => createWagmiConfig(chainConfig));
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000 } } }));
  return (
    <ChainConfigContext.Provider value={chainConfig}>
      <WagmiProvider config={wagmiConfig}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </WagmiProvider>
    </ChainConfigContext.Provider>
  );
}

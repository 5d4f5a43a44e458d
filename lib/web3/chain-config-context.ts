"use client";
import { createContext, useContext } from "react";

/** What the browser needs to know about the chain, from the server's configuration. */
export type PublicChainConfig = {
  chainId: number;
  /** DATA token address on that chain, or null before the first deploy. */
  tokenAddress: `0x${string}` | null;
  devWalletEnabled: boolean;
};

export const ChainConfigContext = createContext<PublicChainConfig | null>(null);

export function useChainConfig(): PublicChainConfig {
  const value = useContext(ChainConfigContext);
  if (!value) throw new Error("useChainConfig must be used inside <ChainConfigProvider>");
  return value;
}

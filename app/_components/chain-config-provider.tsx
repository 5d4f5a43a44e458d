"use client";
import type { ReactNode } from "react";
import { ChainConfigContext, type PublicChainConfig } from "@/lib/web3/chain-config-context";

/** The chain's public settings for every client component; light on purpose, since every page loads it. */
export function ChainConfigProvider({ value, children }: { value: PublicChainConfig; children: ReactNode }) {
  return <ChainConfigContext.Provider value={value}>{children}</ChainConfigContext.Provider>;
}

"use client";
import { createContext, useContext } from "react";
import type { PublicChainConfig } from "./config";

export const ChainConfigContext = createContext<PublicChainConfig | null>(null);

export function useChainConfig(): PublicChainConfig {
  const value = useContext(ChainConfigContext);
  if (!value) throw new Error("useChainConfig must be used inside <Providers>");
  return value;
}

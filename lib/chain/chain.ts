import { defineChain, type Chain } from "viem";

/** The chain Tessera runs on, described from configuration (the local Hardhat chain by default). */
export function tesseraChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? "Hardhat (local)" : `Chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

"use client";
import { erc20Abi, type Address } from "viem";
import { useReadContract } from "wagmi";
import { formatData } from "@/lib/format";
import { useChainConfig } from "@/lib/web3/chain-config-context";
import { describeWalletError } from "@/lib/web3/wallet-errors";

/** The wallet's DATA balance read from the chain in the browser, refreshed every few seconds: what was really paid. */
export function LiveBalance({ address }: { address: Address }) {
  const { tokenAddress } = useChainConfig();
  const balance = useReadContract({
    address: tokenAddress ?? undefined,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [address],
    query: { enabled: tokenAddress !== null, refetchInterval: 5_000 },
  });
  if (!tokenAddress) return <span className="text-slate-500">DATA not deployed</span>;
  if (balance.isError) return <span className="text-amber-700">unavailable: {describeWalletError(balance.error)}</span>;
  if (balance.data === undefined) return <span className="text-slate-500">…</span>;
  return <span data-testid="live-balance">{formatData(balance.data)} DATA</span>;
}

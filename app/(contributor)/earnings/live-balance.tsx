"use client";
import type { Address } from "viem";
import { formatData } from "@/lib/format";
import { useDataBalance } from "@/lib/web3/use-data-balance";

/** The wallet's DATA balance read from the chain in the browser, again at every new block: what was really paid. */
export function LiveBalance({ address }: { address: Address }) {
  const { tokenAddress, balance } = useDataBalance(address);
  if (!tokenAddress) return <span className="text-slate-500">DATA not deployed</span>;
  if (balance.data === undefined && balance.error) return <span className="text-amber-800">unavailable: {balance.error.message}</span>;
  if (balance.data === undefined) return <span className="text-slate-500">…</span>;
  return <span data-testid="live-balance">{formatData(balance.data)} DATA</span>;
}

"use client";
import type { Address } from "viem";
import { formatData } from "@/lib/format";
import { useDataBalance } from "@/lib/web3/use-data-balance";

/** The header's DATA balance of the signed-in wallet, live from the chain. */
export function DataBalance({ address }: { address: Address }) {
  const { tokenAddress, balance } = useDataBalance(address);
  if (!tokenAddress) return <span className="text-slate-500">DATA not deployed</span>;
  if (balance.data === undefined && balance.error) return <span className="text-amber-800" title={balance.error.message}>balance unavailable</span>;
  if (balance.data === undefined) return <span className="text-slate-500">… DATA</span>;
  return <span data-testid="data-balance">{formatData(balance.data)} DATA</span>;
}

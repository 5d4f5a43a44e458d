"use client";
import { useEffect, useState } from "react";
import type { Address } from "viem";
import { watchBlocks, watchOwnWrites } from "./block-watch";
import { useChainConfig } from "./chain-config-context";
import { readTokenBalance } from "./rpc-read";

export type BalanceRead = { data: bigint | undefined; error: Error | null };

/**
 * A wallet's DATA balance, read again whenever the chain grows a block or this page's own transaction is mined: a
 * payout, a purchase or a transfer made elsewhere shows without a reload or a fixed refresh period.
 */
export function useDataBalance(address: Address): { tokenAddress: Address | null; balance: BalanceRead } {
  const { tokenAddress } = useChainConfig();
  const [balance, setBalance] = useState<BalanceRead>({ data: undefined, error: null });
  useEffect(() => {
    if (!tokenAddress) return;
    let live = true;
    let latestRead = 0;
    const read = () => {
      const id = ++latestRead;
      // Only the newest read may set the figure: answers can come back out of order.
      readTokenBalance(tokenAddress, address).then(
        (data) => live && id === latestRead && setBalance({ data, error: null }),
        (error: unknown) => live && id === latestRead && setBalance((b) => ({ data: b.data, error: error instanceof Error ? error : new Error(String(error)) })),
      );
    };
    read();
    const stopBlocks = watchBlocks(read);
    const stopWrites = watchOwnWrites(read);
    return () => {
      live = false;
      stopBlocks();
      stopWrites();
    };
  }, [tokenAddress, address]);
  return { tokenAddress, balance };
}

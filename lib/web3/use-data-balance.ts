"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { erc20Abi, type Address } from "viem";
import { useBlockNumber, useReadContract } from "wagmi";
import { useChainConfig } from "./chain-config-context";

/**
 * A wallet's DATA balance, read again whenever the chain grows a block: a payout, a purchase or a transfer made
 * elsewhere shows without a reload or a fixed refresh period.
 */
export function useDataBalance(address: Address) {
  const { tokenAddress } = useChainConfig();
  const enabled = tokenAddress !== null;
  const { data: blockNumber } = useBlockNumber({ watch: enabled, query: { enabled } });
  const balance = useReadContract({
    address: tokenAddress ?? undefined,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [address],
    query: { enabled },
  });
  const { refetch } = balance;
  useEffect(() => {
    if (blockNumber !== undefined) void refetch();
  }, [blockNumber, refetch]);
  return { tokenAddress, balance };
}

/**
 * Refreshes every DATA balance and allowance shown on the page: called right after this browser's own transaction is
 * mined, so that the numbers it changed move at once rather than at the next poll.
 */
export function useRefreshChainReads() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      queryClient.invalidateQueries({
        predicate: (query) => {
          const [kind] = query.queryKey;
          return kind === "readContract" || kind === "readContracts" || kind === "balance" || kind === "blockNumber";
        },
      }),
    [queryClient],
  );
}

"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { announceOwnWrite } from "./block-watch";

/**
 * Refreshes every DATA balance and allowance shown on the page: called right after this browser's own transaction is
 * mined, so that the numbers it changed move at once rather than at the next poll. Both kinds of reader: wagmi's
 * queries inside a wallet panel, and the light readers of the header and the pages (block-watch).
 */
export function useRefreshChainReads() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    announceOwnWrite();
    return queryClient.invalidateQueries({
      predicate: (query) => {
        const [kind] = query.queryKey;
        return kind === "readContract" || kind === "readContracts" || kind === "balance" || kind === "blockNumber";
      },
    });
  }, [queryClient]);
}

"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useBlockNumber } from "wagmi";

/**
 * Re-renders the page's server components when the chain grows a block: a page whose figures follow the chain (a
 * payout turning Paid) stays current without a reload. Client state (forms, open panels) is kept.
 */
export function RefreshOnNewBlock() {
  const router = useRouter();
  const { data: blockNumber } = useBlockNumber({ watch: true });
  const seen = useRef<bigint | undefined>(undefined);
  useEffect(() => {
    if (blockNumber === undefined) return;
    if (seen.current !== undefined && blockNumber !== seen.current) router.refresh();
    seen.current = blockNumber;
  }, [blockNumber, router]);
  return null;
}

"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { watchBlocks } from "@/lib/web3/block-watch";

/** How often a page with something still settling asks the server again, blocks or not. */
const SETTLING_REFRESH_MS = 4_000;

/**
 * Re-renders the page's server components when the chain grows a block: a page whose figures follow the chain (a
 * payout turning Paid) stays current without a reload. Client state (forms, open panels) is kept.
 *
 * A block alone is not enough while something is `settling`: the worker records a receipt after the block that holds
 * it, and a panel's votes move no block at all, so a refresh fired by the last block can read the state before the
 * server wrote it, and no later block may come. While settling, the page also refreshes on a timer.
 */
export function RefreshOnNewBlock({ settling = false }: { settling?: boolean }) {
  const router = useRouter();
  useEffect(() => watchBlocks(() => router.refresh()), [router]);
  useEffect(() => {
    if (!settling) return;
    const timer = setInterval(() => router.refresh(), SETTLING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [router, settling]);
  return null;
}

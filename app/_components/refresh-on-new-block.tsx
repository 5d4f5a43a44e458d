"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { watchBlocks } from "@/lib/web3/block-watch";

/**
 * Re-renders the page's server components when the chain grows a block: a page whose figures follow the chain (a
 * payout turning Paid) stays current without a reload. Client state (forms, open panels) is kept.
 */
export function RefreshOnNewBlock() {
  const router = useRouter();
  useEffect(() => watchBlocks(() => router.refresh()), [router]);
  return null;
}

"use client";
import { lazy, Suspense, type ComponentProps } from "react";
import { useInBrowser } from "@/app/_lib/use-in-browser";
import { BuyButtons } from "./buy-buttons";

// The panel's wallet code (wagmi, viem's actions, react-query) is a chunk of its own, fetched only where a panel shows.
const LazyBuyPanel = lazy(() => import("./buy-panel").then((m) => ({ default: m.BuyPanel })));

/** The buy panel, in the browser only; until its code arrives, its buttons stand in, disabled. */
export function BuyPanel(props: ComponentProps<typeof LazyBuyPanel>) {
  const placeholder = <BuyButtons priceWei={BigInt(props.priceWei)} approveDisabled buyDisabled permitDisabled />;
  if (!useInBrowser()) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <LazyBuyPanel {...props} />
    </Suspense>
  );
}

"use client";
import { lazy, Suspense } from "react";
import { useInBrowser } from "@/app/_lib/use-in-browser";
import type { StakePanelProps } from "./stake-panel";

// The panel's wallet code (wagmi, viem's actions, react-query) is a chunk of its own, fetched only where a panel shows.
const LazyStakePanel = lazy(() => import("./stake-panel").then((m) => ({ default: m.StakePanel })));

/** A campaign's stake panel, in the browser only; its title holds the place until its code arrives. */
export function StakePanel(props: StakePanelProps) {
  const placeholder = (
    <section className="space-y-3 rounded-lg border border-slate-200 p-4" aria-label={props.title}>
      <h2 className="text-lg font-semibold">{props.title}</h2>
      <p role="status" className="text-sm text-slate-600">
        Loading the wallet…
      </p>
    </section>
  );
  if (!useInBrowser()) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <LazyStakePanel {...props} />
    </Suspense>
  );
}

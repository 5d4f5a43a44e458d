"use client";
import { lazy, Suspense } from "react";
import { useInBrowser } from "@/app/_lib/use-in-browser";
import type { BondPanelProps } from "./bond-panel";

// The panel's wallet code (wagmi, viem's actions, react-query) is a chunk of its own, fetched only where a bond can be posted.
const LazyBondPanel = lazy(() => import("./bond-panel").then((m) => ({ default: m.BondPanel })));

/** An appeal's or gold challenge's bond panel, in the browser only; its title holds the place until its code arrives. */
export function BondPanel(props: BondPanelProps) {
  const placeholder = (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h2 className="text-lg font-semibold">{props.kind === "appeal" ? "Appeal this decision" : "Challenge this gold answer"}</h2>
      <p role="status" className="text-slate-600">
        Loading the wallet…
      </p>
    </section>
  );
  if (!useInBrowser()) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <LazyBondPanel {...props} />
    </Suspense>
  );
}

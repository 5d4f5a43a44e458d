"use client";
import { lazy, Suspense } from "react";
import { useInBrowser } from "@/app/_lib/use-in-browser";
import type { AppealPanelProps } from "./appeal-panel";

// The panel's wallet code (wagmi, viem's actions, react-query) is a chunk of its own, fetched only where an appeal can be filed.
const LazyAppealPanel = lazy(() => import("./appeal-panel").then((m) => ({ default: m.AppealPanel })));

/** The sample page's *Appeal* panel, in the browser only; its title holds the place until its code arrives. */
export function AppealPanel(props: AppealPanelProps) {
  const placeholder = (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" aria-labelledby="appeal-title">
      <h2 id="appeal-title" className="text-lg font-semibold">
        Appeal this decision
      </h2>
      <p role="status" className="text-slate-600">
        Loading the wallet…
      </p>
    </section>
  );
  if (!useInBrowser()) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <LazyAppealPanel {...props} />
    </Suspense>
  );
}

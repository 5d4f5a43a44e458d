"use client";
import { lazy, Suspense, type ComponentProps } from "react";
import { useInBrowser } from "@/app/_lib/use-in-browser";

// The form's wallet code (wagmi, viem's actions, react-query) is a chunk of its own, fetched only on this page.
const LazyFundForm = lazy(() => import("./fund-form").then((m) => ({ default: m.FundForm })));

/** A campaign's Fund form, in the browser only. */
export function FundForm(props: ComponentProps<typeof LazyFundForm>) {
  const placeholder = (
    <p role="status" className="text-right text-xs text-slate-500">
      Loading the wallet…
    </p>
  );
  if (!useInBrowser()) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <LazyFundForm {...props} />
    </Suspense>
  );
}

import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";

export const metadata: Metadata = { title: "Earnings" };

export default function EarningsPage() {
  return (
    <>
      <PageTitle title="Earnings" subtitle="DATA earned for accepted samples and dataset sales." />
      <EmptyState title="No earnings yet" action={{ href: "/campaigns", label: "Find a campaign" }}>
        Each accepted sample pays its campaign&apos;s reward in DATA, on-chain. Your pending and paid rewards will be listed here.
      </EmptyState>
    </>
  );
}

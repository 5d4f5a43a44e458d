import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";

export const metadata: Metadata = { title: "Payouts (admin)" };

export default function PayoutsPage() {
  return (
    <>
      <PageTitle title="Payouts (admin)" subtitle="Reward batches and their on-chain state." />
      <EmptyState title="No payout batches yet">
        When samples are accepted, the payout worker pays their rewards in batches; each batch and its state will be listed here.
      </EmptyState>
    </>
  );
}

import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";

export const metadata: Metadata = { title: "Purchases" };

export default function PurchasesPage() {
  return (
    <>
      <PageTitle title="Purchases" subtitle="Datasets you bought, ready to download." />
      <EmptyState title="No purchases yet" action={{ href: "/datasets", label: "Browse datasets" }}>
        Buy a dataset version with DATA and it will be listed here with its download links.
      </EmptyState>
    </>
  );
}

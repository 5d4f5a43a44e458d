import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";

export const metadata: Metadata = { title: "Datasets" };

export default function DatasetsPage() {
  return (
    <>
      <PageTitle title="Datasets" subtitle="Curated, versioned datasets with honest dataset cards." />
      <EmptyState title="No published datasets yet">
        Datasets are built from accepted samples and published with a Merkle root on-chain. The first versions will appear here.
      </EmptyState>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { DownloadPanel } from "@/app/(market)/datasets/_components/download-panel";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { formatData, shortAddress } from "@/lib/format";
import { currentUser } from "@/lib/server/auth/session";
import { PURCHASES_PAGE_SIZE, ZPurchasesPage, listMyPurchases } from "@/lib/server/datasets/list-my-purchases";

export const metadata: Metadata = { title: "Purchases" };

export default async function PurchasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in to see your purchases">Purchases belong to the wallet that paid. Sign in (top right) to see and download them.</EmptyState>;
  const { page } = ZPurchasesPage.parse(await searchParams);
  const { rows, total } = await listMyPurchases(user, page);
  const pages = Math.max(1, Math.ceil(total / PURCHASES_PAGE_SIZE));

  return (
    <>
      <PageTitle title="Purchases" subtitle="Datasets you bought, ready to download." />
      {rows.length === 0 ? (
        <EmptyState title="No purchases yet" action={{ href: "/datasets", label: "Browse datasets" }}>
          Buy a dataset version with DATA and it will be listed here with its download links.
        </EmptyState>
      ) : (
        <ul className="space-y-6">
          {rows.map((p) => (
            <li key={p.id} data-testid="purchase-row" className="space-y-3">
              <div>
                <h2 className="text-lg font-semibold">
                  {p.datasetName} <span className="text-slate-500">{p.version}</span>
                </h2>
                <p className="text-sm text-slate-600">
                  {p.sampleCount.toLocaleString("en")} samples · {formatData(p.priceWei)} DATA · bought {p.createdAt.toISOString().slice(0, 10)} in{" "}
                  <code title={p.txHash}>{shortAddress(p.txHash)}</code>
                </p>
              </div>
              <DownloadPanel versionId={p.versionId} />
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-6 flex gap-3 text-sm">
          {page > 1 && <Link href={`?page=${page - 1}`}>← Newer</Link>}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages && <Link href={`?page=${page + 1}`}>Older →</Link>}
        </nav>
      )}
    </>
  );
}

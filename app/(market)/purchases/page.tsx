import type { Metadata } from "next";
import { TxLink } from "@/app/_components/tx-link";
import Link from "next/link";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { formatData } from "@/lib/format";
import { currentUser } from "@/lib/server/auth/session";
import { listMyPurchases } from "@/lib/server/datasets/list-purchases";
import { DownloadPanel } from "../datasets/_components/download-panel";
import { Pager } from "../datasets/_components/pager";

export const metadata: Metadata = { title: "Purchases" };

const ZQuery = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export default async function PurchasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in to see your purchases">Purchases belong to your wallet. Sign in (top right) to see them.</EmptyState>;
  const { page } = ZQuery.parse(await searchParams);
  const purchases = await listMyPurchases(user, page);
  return (
    <>
      <PageTitle title="Purchases" subtitle="Datasets you bought, ready to download." />
      {purchases.total === 0 ? (
        <EmptyState title="No purchases yet" action={{ href: "/datasets", label: "Browse datasets" }}>
          Buy a dataset version with DATA and it will be listed here with its download links.
        </EmptyState>
      ) : (
        <ul className="space-y-6">
          {purchases.rows.map((p) => (
            <li key={p.id} data-testid="purchase-row" className="space-y-3">
              <div>
                <h2 className="text-lg font-semibold">
                  <Link href={`/datasets/${p.versionId}`} className="text-brand-700 hover:underline">
                    {p.dataset} {p.version}
                  </Link>
                </h2>
                <p className="text-sm text-slate-600">
                  {formatData(p.priceWei, 4)} DATA · bought {p.purchasedAt.toISOString().slice(0, 16).replace("T", " ")} in{" "}
                  <TxLink hash={p.txHash} className="text-xs" title={`block ${p.blockNumber}`} />
                </p>
              </div>
              <DownloadPanel versionId={p.versionId} />
            </li>
          ))}
        </ul>
      )}
      <Pager page={purchases.page} total={purchases.total} pageSize={purchases.pageSize} />
    </>
  );
}

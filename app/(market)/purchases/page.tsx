import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { formatData } from "@/lib/format";
import { currentUser } from "@/lib/server/auth/session";
import { listMyPurchases } from "@/lib/server/datasets/list-purchases";
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
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Dataset</th>
                <th className="px-4 py-2 text-right">Price</th>
                <th className="px-4 py-2">Transaction</th>
                <th className="px-4 py-2">Bought</th>
              </tr>
            </thead>
            <tbody>
              {purchases.rows.map((p) => (
                <tr key={p.id} className="border-t border-slate-100" data-testid="purchase-row">
                  <td className="px-4 py-2">
                    <Link href={`/datasets/${p.versionId}`} className="text-brand-700 hover:underline">
                      {p.dataset} {p.version}
                    </Link>
                  </td>
                  <td className="px-4 py-2 text-right">{formatData(p.priceWei, 4)} DATA</td>
                  <td className="px-4 py-2 break-all font-mono text-xs" title={`block ${p.blockNumber}`}>
                    {p.txHash}
                  </td>
                  <td className="px-4 py-2 text-slate-500">{p.purchasedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={purchases.page} total={purchases.total} pageSize={purchases.pageSize} />
    </>
  );
}

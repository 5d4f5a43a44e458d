import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { formatData } from "@/lib/format";
import { listPublishedVersions } from "@/lib/server/datasets/list-datasets";
import { Pager } from "./_components/pager";

export const metadata: Metadata = { title: "Datasets" };

const ZQuery = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export default async function DatasetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { page } = ZQuery.parse(await searchParams);
  const list = await listPublishedVersions(page);
  return (
    <>
      <PageTitle title="Datasets" subtitle="Curated, versioned datasets with honest dataset cards." />
      {list.total === 0 ? (
        <EmptyState title="No published datasets yet">
          Datasets are built from accepted samples and published with a Merkle root on-chain. The first versions will appear here.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {list.rows.map((v) => (
            <li key={v.versionId} className="rounded-lg border border-slate-200 bg-white p-5" data-testid="dataset-version">
              <div className="flex items-baseline justify-between gap-3">
                <Link href={`/datasets/${v.versionId}`} className="text-lg font-semibold text-brand-700 hover:underline">
                  {v.dataset} {v.version}
                </Link>
                <span className="shrink-0 font-medium">{formatData(v.priceWei, 4)} DATA</span>
              </div>
              <p className="mt-1 line-clamp-2 text-sm text-slate-600">{v.description}</p>
              <p className="mt-2 text-xs text-slate-500">
                {v.sampleCount.toLocaleString("en")} samples · {v.labels.join(", ") || "no labels"} · {v.licence} · from {v.campaign}
                {v.publishedAt && ` · published ${v.publishedAt.toISOString().slice(0, 10)}`}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { ListControls, ListPager } from "@/app/_components/list-controls";
import { formatData } from "@/lib/format";
import { clampPage, listHref, parseListQuery } from "@/lib/schemas/list-query";
import { DATASET_LIST_OPTIONS, listPublishedVersions } from "@/lib/server/datasets/list-datasets";

export const metadata: Metadata = { title: "Datasets" };

const SORT_NAMES = [
  ["newest", "Newest first"],
  ["oldest", "Oldest first"],
  ["name", "Name"],
  ["largest", "Most samples"],
] as const;

export default async function DatasetsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = parseListQuery(await searchParams, DATASET_LIST_OPTIONS);
  let list = await listPublishedVersions(parsed.query);
  const { query, notes } = clampPage(parsed, list.total);
  if (query.page !== parsed.query.page) list = await listPublishedVersions(query);
  const everything = list.total === 0 && !query.q;
  return (
    <>
      <PageTitle title="Datasets" subtitle="Curated, versioned datasets with honest dataset cards." />
      {!everything && <ListControls action="/datasets" q={query.q} sort={query.sort} sorts={SORT_NAMES} searchLabel="Search datasets by name, description or campaign" notes={notes} />}
      {everything ? (
        <EmptyState title="No published datasets yet">
          Datasets are built from accepted samples and published with a Merkle root on-chain. The first versions will appear here.
        </EmptyState>
      ) : list.total === 0 ? (
        <EmptyState title="No dataset matches your search">Try other words, or clear the search.</EmptyState>
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
      <ListPager page={query.page} total={list.total} size={query.size} href={(page) => listHref("/datasets", query, DATASET_LIST_OPTIONS, { page })} />
    </>
  );
}

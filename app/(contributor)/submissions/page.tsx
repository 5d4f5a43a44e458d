import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { ListControls, ListPager } from "@/app/_components/list-controls";
import { clampPage, listHref, parseListQuery } from "@/lib/schemas/list-query";
import { currentUser } from "@/lib/server/auth/session";
import { MY_SAMPLES_LIST_OPTIONS, SAMPLE_STATUSES, ZSampleFilter, listMySamples } from "@/lib/server/samples/list-my-samples";

const SORT_NAMES = [
  ["newest", "Newest first"],
  ["oldest", "Oldest first"],
  ["campaign", "Campaign"],
] as const;

export const metadata: Metadata = { title: "My submissions" };

const STATUS_STYLE: Record<string, string> = {
  PENDING_REVIEW: "bg-amber-100 text-amber-900",
  ACCEPTED: "bg-emerald-100 text-emerald-900",
  REJECTED: "bg-red-100 text-red-900",
  ESCALATED: "bg-purple-100 text-purple-900",
};

const label = (status: string) => status.toLowerCase().replace("_", " ");

function formatLabels(labels: unknown): string {
  return Array.isArray(labels) ? labels.join(", ") : String(labels ?? "");
}

export default async function SubmissionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in to see your submissions">Your uploads are tied to your wallet. Sign in (top right) to see them.</EmptyState>;
  const raw = await searchParams;
  const filters = ZSampleFilter.parse(raw);
  const parsed = parseListQuery(raw, MY_SAMPLES_LIST_OPTIONS);
  let list = await listMySamples(user, { ...filters, ...parsed.query });
  const { query, notes } = clampPage(parsed, list.total);
  if (query.page !== parsed.query.page) list = await listMySamples(user, { ...filters, ...query });
  const { rows, counts } = list;
  const filter = { ...filters, ...query };
  const href = (patch: Record<string, string | number | undefined>) =>
    listHref("/submissions", query, MY_SAMPLES_LIST_OPTIONS, patch, { status: filters.status, campaign: filters.campaign });
  const all = Object.values(counts).reduce((a, b) => a + b, 0);

  return (
    <>
      <PageTitle title="My submissions" subtitle="Every sample you uploaded, with its review status and, once decided, the consensus." />
      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2 text-sm">
        <Link href={href({ status: undefined, page: 1 })} aria-current={!filter.status ? "page" : undefined} className="rounded-full border border-slate-300 px-3 py-1 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white">
          All ({all})
        </Link>
        {SAMPLE_STATUSES.map((s) => (
          <Link key={s} href={href({ status: s, page: 1 })} aria-current={filter.status === s ? "page" : undefined} className="rounded-full border border-slate-300 px-3 py-1 aria-[current=page]:bg-slate-900 aria-[current=page]:text-white">
            {label(s)} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      {all > 0 && (
        <ListControls action="/submissions" q={query.q} sort={query.sort} sorts={SORT_NAMES} keep={{ status: filters.status, campaign: filters.campaign }} searchLabel="Search your submissions (text or file name)" notes={notes} />
      )}
      {rows.length === 0 ? (
        all === 0 ? (
          <EmptyState title="Nothing submitted yet" action={{ href: "/campaigns", label: "Browse campaigns" }}>
            Pick an open campaign, upload a few labeled samples, and they will appear here with the result of every check. Accepted samples earn the campaign&apos;s reward in DATA.
          </EmptyState>
        ) : (
          <EmptyState title="No submissions match this filter">{query.q ? "Try other words, or clear the search." : "Try another status."}</EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Sample</th>
              <th className="px-4 py-2">Campaign</th>
              <th className="px-4 py-2">Your labels</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2">Consensus</th>
              <th className="px-4 py-2">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100" data-testid="submission-row">
                <td className="max-w-xs truncate px-4 py-2" title={r.preview}>
                  <Link href={`/samples/${r.id}`} className="inline-flex items-center gap-2 hover:text-brand-700 hover:underline">
                    {r.blobKey && r.mimeType.startsWith("image/") && (
                      // eslint-disable-next-line @next/next/no-img-element -- the contributor's own file through the authorised blob route
                      <img src={`/api/blobs/${r.blobKey}`} alt="" loading="lazy" className="h-12 w-12 shrink-0 rounded border border-slate-200 object-cover" data-testid="submission-thumbnail" />
                    )}
                    <span className="truncate">{r.preview}</span>
                  </Link>
                  {r.nearDuplicateOfId && <span className="ml-2 rounded bg-amber-50 px-1 text-xs text-amber-800">near duplicate</span>}
                </td>
                <td className="px-4 py-2">
                  <Link href={`/campaigns/${r.campaign.slug}`} className="text-brand-700 hover:underline">
                    {r.campaign.title}
                  </Link>
                </td>
                <td className="px-4 py-2">{formatLabels(r.labels)}</td>
                <td className="px-4 py-2">
                  <span className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLE[r.status] ?? ""}`}>{label(r.status)}</span>
                </td>
                <td className="px-4 py-2 text-slate-600" data-testid="submission-consensus">
                  {consensusCell(r.status, r.consensusLabel, r.posterior)}
                </td>
                <td className="px-4 py-2 text-slate-500">{r.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <ListPager page={query.page} total={list.total} size={query.size} href={(page) => href({ page })} />
    </>
  );
}

/** What the consensus said, honestly: a rejected sample has no accepted label to put a probability on. */
function consensusCell(status: string, label: string | null, posterior: number | null): string {
  if (status === "REJECTED") return "unacceptable";
  if (status === "ACCEPTED" && posterior !== null) return `${label ?? "as labeled"} ${Math.round(posterior * 100)}%`;
  if (status === "ESCALATED") return "undecided";
  return "—";
}

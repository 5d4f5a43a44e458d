import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { currentUser } from "@/lib/server/auth/session";
import { getWorkerStatus } from "@/lib/server/payouts/get-worker-status";
import { listPayoutBatches } from "@/lib/server/payouts/list-payout-batches";
import { BatchList } from "./batch-list";
import { WorkerPanel } from "./worker-panel";

export const metadata: Metadata = { title: "Payouts (admin)" };

const ZQuery = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export default async function PayoutsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in first">The payouts page is for admins. Sign in with an admin wallet.</EmptyState>;
  if (!user.roles.includes("ADMIN")) return <EmptyState title="Admins only">Your wallet does not have the admin role.</EmptyState>;

  const { page } = ZQuery.parse(await searchParams);
  const [status, overview] = await Promise.all([getWorkerStatus(user), listPayoutBatches(user, page)]);
  const pages = Math.max(1, Math.ceil(overview.total / overview.pageSize));
  const rows = overview.rowsByStatus;
  return (
    <>
      <PageTitle
        title="Payouts"
        subtitle={`${overview.total} batches. Rows: ${rows.PAID} paid, ${rows.IN_FLIGHT} in flight, ${rows.PENDING} pending, ${rows.UNFUNDED} unfunded (over budget).`}
      />
      <WorkerPanel status={status} now={new Date()} />
      {overview.total === 0 ? (
        <EmptyState title="No payout batches yet">
          When samples are accepted, the payout worker pays their rewards in batches; each batch and its state will be listed here.
        </EmptyState>
      ) : (
        <BatchList batches={overview.batches} />
      )}
      {pages > 1 && (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
          {page > 1 ? <Link href={`?page=${page - 1}`}>← Previous</Link> : <span />}
          <span className="text-slate-500">
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={`?page=${page + 1}`}>Next →</Link> : <span />}
        </nav>
      )}
    </>
  );
}

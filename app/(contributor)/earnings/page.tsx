import type { Metadata } from "next";
import Link from "next/link";
import { getAddress } from "viem";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { RefreshOnNewBlock } from "@/app/_components/refresh-on-new-block";
import { TxLink } from "@/app/_components/tx-link";
import { formatData } from "@/lib/format";
import type { PayoutStatus } from "@/lib/generated/prisma/enums";
import { currentUser } from "@/lib/server/auth/session";
import { getMySalesRevenue } from "@/lib/server/datasets/get-sales-revenue";
import { getMyEarnings } from "@/lib/server/payouts/get-my-earnings";
import { LiveBalance } from "./live-balance";

export const metadata: Metadata = { title: "Earnings" };

const ZQuery = z.object({ page: z.coerce.number().int().min(1).catch(1) });

const STATUS: Record<PayoutStatus, { label: string; hint: string; style: string }> = {
  PAID: { label: "Paid", hint: "On-chain and final.", style: "bg-emerald-100 text-emerald-900" },
  IN_FLIGHT: { label: "In flight", hint: "In a batch being paid on-chain right now.", style: "bg-sky-100 text-sky-900" },
  PENDING: { label: "Pending", hint: "Earned and funded; goes out with the next batch.", style: "bg-amber-100 text-amber-900" },
  UNFUNDED: { label: "Unfunded", hint: "Earned after the campaign's budget ran out; paid in order once it is raised.", style: "bg-slate-200 text-slate-800" },
};
const ORDER: PayoutStatus[] = ["PAID", "IN_FLIGHT", "PENDING", "UNFUNDED"];

export default async function EarningsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in to see your earnings">Rewards are paid to your wallet. Sign in (top right) to see them.</EmptyState>;

  const { page } = ZQuery.parse(await searchParams);
  const [earnings, sales] = await Promise.all([getMyEarnings(user, page), getMySalesRevenue(user)]);
  const pages = Math.max(1, Math.ceil(earnings.total / earnings.pageSize));
  const earned = ORDER.reduce((sum, status) => sum + earnings.totals[status].wei, 0n);
  const unfunded = earnings.totals.UNFUNDED;
  const settling = earnings.totals.IN_FLIGHT.count + earnings.totals.PENDING.count > 0;
  return (
    <>
      <RefreshOnNewBlock settling={settling} />
      <PageTitle title="Earnings" subtitle="DATA earned for accepted samples, agreeing reviews and dataset sales, and where each payment stands." />
      <section aria-label="Totals" className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-6">
        <div className="rounded-lg border border-brand-100 bg-brand-50 p-4">
          <div className="text-xs uppercase tracking-wide text-slate-600">Wallet balance</div>
          <div className="mt-1 text-lg font-semibold">
            <LiveBalance address={getAddress(user.address)} />
          </div>
          <div className="text-xs text-slate-600">live from the chain</div>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid="total-earned" title="Everything earned, paid or not.">
          <div className="text-xs uppercase tracking-wide text-slate-500">Total earned</div>
          <div className="mt-1 text-lg font-semibold">{formatData(earned)} DATA</div>
          <div className="text-xs text-slate-500">
            {earnings.total} {earnings.total === 1 ? "payment" : "payments"}
          </div>
        </div>
        {ORDER.map((status) => (
          <div key={status} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`total-${status.toLowerCase()}`} title={STATUS[status].hint}>
            <div className="text-xs uppercase tracking-wide text-slate-500">{STATUS[status].label}</div>
            <div className="mt-1 text-lg font-semibold">{formatData(earnings.totals[status].wei)} DATA</div>
            <div className="text-xs text-slate-500">
              {earnings.totals[status].count} {earnings.totals[status].count === 1 ? "payment" : "payments"}
            </div>
          </div>
        ))}
      </section>

      {unfunded.count > 0 && (
        <p role="note" data-testid="unfunded-notice" className="mb-6 rounded-lg border border-slate-300 bg-slate-50 p-4 text-sm text-slate-800">
          <strong>{formatData(unfunded.wei)} DATA waits for funding.</strong> {unfunded.count === 1 ? "One reward was" : `${unfunded.count} rewards were`}{" "}
          earned after the campaign&apos;s budget ran out. Nothing is lost: they stay yours and are paid, oldest first, as soon
          as the campaign&apos;s budget is raised.
        </p>
      )}
      {sales.sales > 0 && (
        <p className="mb-6 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm" data-testid="sales-revenue">
          <span className="font-semibold">Sales revenue:</span> {formatData(sales.earnedWei, 4)} DATA from {sales.sales} dataset{" "}
          {sales.sales === 1 ? "sale" : "sales"} of versions with your samples or reviews, {formatData(sales.paidWei, 4)} DATA of it paid.
        </p>
      )}
      {earnings.total === 0 ? (
        <EmptyState title="No earnings yet" action={{ href: "/campaigns", label: "Find a campaign" }}>
          Each accepted sample pays its campaign&apos;s reward in DATA, on-chain. Your pending and paid rewards will be listed here.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2">Earned</th>
                <th className="px-4 py-2">For</th>
                <th className="px-4 py-2 text-right">Amount</th>
                <th className="px-4 py-2">Status</th>
                <th className="px-4 py-2">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {earnings.rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100" data-testid="earning-row">
                  <td className="whitespace-nowrap px-4 py-2 text-slate-500">{r.earnedAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td className="px-4 py-2">
                    {r.what}
                    {r.campaign && <span className="text-slate-600"> · {r.campaign}</span>}
                    {r.source && (
                      <div className="text-xs" data-testid="earning-source">
                        {r.source.href ? (
                          <Link href={r.source.href} className="text-brand-700 hover:underline">
                            {r.source.label}
                          </Link>
                        ) : (
                          <span className="text-slate-600">{r.source.label}</span>
                        )}
                      </div>
                    )}
                  </td>
                  <td className="px-4 py-2 text-right font-medium">{formatData(r.amountWei, 4)} DATA</td>
                  <td className="px-4 py-2">
                    <span className={`rounded px-2 py-0.5 text-xs ${STATUS[r.status].style}`} title={STATUS[r.status].hint}>
                      {STATUS[r.status].label}
                    </span>
                  </td>
                  <td className="px-4 py-2">
                    {r.txHash ? (
                      <TxLink hash={r.txHash} className="text-xs" testId="earning-tx" title={`block ${r.blockNumber}`} />
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

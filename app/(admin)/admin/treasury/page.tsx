import type { Metadata } from "next";
import Link from "next/link";
import type { Address } from "viem";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { formatData } from "@/lib/format";
import { getTreasuryOverview } from "@/lib/server/campaigns/treasury-overview";
import { AdminGate } from "../campaigns/_components/admin-gate";
import { FundForm } from "./fund-form-loader";

export const metadata: Metadata = { title: "Treasury (admin)" };
export const dynamic = "force-dynamic";

export default function TreasuryPage() {
  return (
    <AdminGate>
      {async (admin) => {
        const overview = await getTreasuryOverview(admin);
        const { coverage } = overview;
        return (
          <div className="space-y-6">
            <PageTitle
              title="Treasury"
              subtitle="Every reward and reviewer fee is paid out of one on-chain treasury. A campaign's budget is what it may spend from it; funding a campaign moves DATA from your wallet into the treasury and raises its budget by as much."
            />
            {!overview.treasury ? (
              <EmptyState title="No treasury yet">The reward treasury is not deployed on this chain yet. Run npm start or npm run deploy.</EmptyState>
            ) : (
              <section aria-label="Treasury balance" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
                <p>
                  Treasury (RewardDistributor): <span className="break-all font-mono text-xs" data-testid="treasury-address">{overview.treasury}</span>
                </p>
                {coverage ? (
                  <>
                    <p>
                      Holds <strong data-testid="treasury-balance">{formatData(coverage.balanceWei)} DATA</strong> on-chain; campaigns can still pay out{" "}
                      <strong data-testid="treasury-owed">{formatData(coverage.owedWei)} DATA</strong> (unpaid rewards and fees, plus unspent budgets of campaigns not closed
                      {overview.otherUnpaidWei > 0n && `, plus ${formatData(overview.otherUnpaidWei)} DATA of unpaid sales shares`}).
                    </p>
                    <p
                      data-testid="treasury-coverage"
                      className={`rounded-md p-2 font-medium ${coverage.covered ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-amber-900"}`}
                    >
                      {coverage.covered
                        ? "Covered: the treasury holds enough DATA for every outstanding budget."
                        : `Not covered: the treasury is ${formatData(coverage.shortfallWei)} DATA short of the outstanding budgets. Fund the campaigns below, or rewards will wait unpaid.`}
                    </p>
                  </>
                ) : (
                  <p role="alert" className="text-red-700">
                    {overview.chainError}
                  </p>
                )}
              </section>
            )}
            {overview.campaigns.length === 0 ? (
              <EmptyState title="No campaigns yet" action={{ href: "/admin/campaigns/new", label: "Create a campaign" }}>
                Budgets appear here once a campaign exists.
              </EmptyState>
            ) : (
              <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
                <table className="w-full min-w-[44rem] text-left text-sm">
                  <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="px-4 py-2">Campaign</th>
                      <th className="px-4 py-2 text-right">Budget</th>
                      <th className="px-4 py-2 text-right">Reserved</th>
                      <th className="px-4 py-2 text-right">Spent</th>
                      <th className="px-4 py-2 text-right">Remaining</th>
                      <th className="px-4 py-2 text-right">Fund</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.campaigns.map((c) => (
                      <tr key={c.id} className="border-t border-slate-100 align-top" data-testid={`treasury-campaign-${c.slug}`}>
                        <td className="px-4 py-2">
                          <Link href={`/campaigns/${c.slug}`} className="text-brand-700 hover:underline">
                            {c.title}
                          </Link>
                          <span className="block text-xs text-slate-500">{c.status.toLowerCase()}</span>
                        </td>
                        <td className="px-4 py-2 text-right" data-testid="budget">{formatData(c.budgetWei)}</td>
                        <td className="px-4 py-2 text-right">{formatData(c.reservedWei)}</td>
                        <td className="px-4 py-2 text-right">{formatData(c.spentWei)}</td>
                        <td className="px-4 py-2 text-right" data-testid="remaining">{formatData(c.remainingWei)}</td>
                        <td className="px-4 py-2">
                          {overview.treasury ? (
                            <FundForm campaignId={c.id} campaignTitle={c.title} treasury={overview.treasury} admin={admin.address as Address} />
                          ) : (
                            <span className="text-xs text-slate-500">no treasury</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
                  All amounts in DATA. Reserved: rewards and fees funded from the budget; spent: those paid on-chain; remaining: budget not yet reserved.
                </p>
              </div>
            )}
          </div>
        );
      }}
    </AdminGate>
  );
}

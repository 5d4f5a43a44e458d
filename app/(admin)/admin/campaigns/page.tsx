import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { listAllCampaigns } from "@/lib/server/campaigns/get-campaign";
import { AdminGate } from "./_components/admin-gate";

export const metadata: Metadata = { title: "Campaigns (admin)" };

export default function AdminCampaignsPage() {
  return (
    <AdminGate>
      {async (admin) => {
        const campaigns = await listAllCampaigns(admin);
        return (
          <>
            <div className="flex items-start justify-between">
              <PageTitle title="Campaigns" subtitle="Create, open, close and edit campaigns." />
              <div className="flex flex-wrap justify-end gap-2">
                <Link href="/admin/treasury" className="rounded-md border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50">
                  Treasury and budgets
                </Link>
                <Link href="/admin/campaigns/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
                  New campaign
                </Link>
              </div>
            </div>
            {campaigns.length === 0 ? (
              <EmptyState title="No campaigns yet" action={{ href: "/admin/campaigns/new", label: "Create the first one" }}>
                A campaign is a call for labeled data: a label schema, a reward per accepted sample and a budget.
              </EmptyState>
            ) : (
              <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full text-left text-sm">
                <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="px-4 py-2">Title</th>
                    <th className="px-4 py-2">Type</th>
                    <th className="px-4 py-2">Status</th>
                    <th className="px-4 py-2">Samples</th>
                    <th className="px-4 py-2" />
                  </tr>
                </thead>
                <tbody>
                  {campaigns.map((c) => (
                    <tr key={c.id} className="border-t border-slate-100">
                      <td className="px-4 py-2">
                        <Link href={`/campaigns/${c.slug}`} className="text-brand-700 hover:underline">
                          {c.title}
                        </Link>
                      </td>
                      <td className="px-4 py-2">{c.dataType.toLowerCase()}</td>
                      <td className="px-4 py-2">{c.status.toLowerCase()}</td>
                      <td className="px-4 py-2">{c.samples}</td>
                      <td className="px-4 py-2 text-right">
                        <Link href={`/admin/campaigns/${c.id}/edit`} className="text-brand-700 hover:underline">
                          Edit
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            )}
          </>
        );
      }}
    </AdminGate>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { formatData } from "@/lib/format";
import { listAllCampaigns } from "@/lib/server/campaigns/get-campaign";
import { listDatasetsForAdmin } from "@/lib/server/datasets/list-datasets";
import { AdminGate } from "../campaigns/_components/admin-gate";
import { DatasetForm } from "./_components/dataset-form";

export const metadata: Metadata = { title: "Datasets (admin)" };

export default function AdminDatasetsPage() {
  return (
    <AdminGate>
      {async (admin) => {
        const [datasets, campaigns] = await Promise.all([listDatasetsForAdmin(admin), listAllCampaigns(admin)]);
        return (
          <>
            <PageTitle title="Datasets" subtitle="Curate versions of accepted samples, preview them and publish them on-chain." />
            <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
              <div>
                {datasets.length === 0 ? (
                  <EmptyState title="No datasets yet">Create one from a campaign; its accepted samples become versions you can sell.</EmptyState>
                ) : (
                  <ul className="space-y-3">
                    {datasets.map((d) => (
                      <li key={d.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="admin-dataset">
                        <Link href={`/admin/datasets/${d.id}`} className="font-semibold text-brand-700 hover:underline">
                          {d.name}
                        </Link>
                        <span className="text-sm text-slate-500"> · {d.campaign}</span>
                        <ul className="mt-2 text-sm text-slate-600">
                          {d.versions.length === 0 && <li>No versions yet.</li>}
                          {d.versions.map((v) => (
                            <li key={v.id}>
                              {v.status === "PUBLISHED" ? `${v.version}: ${v.sampleCount} samples, ${formatData(v.priceWei)} DATA, ${v.purchases} sold` : "draft"}
                            </li>
                          ))}
                        </ul>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              {campaigns.length === 0 ? <EmptyState title="No campaigns">A dataset is built from a campaign: create one first.</EmptyState> : <DatasetForm campaigns={campaigns} />}
            </div>
          </>
        );
      }}
    </AdminGate>
  );
}

import type { Metadata } from "next";
import { CampaignCard } from "@/app/_components/campaign-card";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { listOpenCampaigns } from "@/lib/server/campaigns/list-open-campaigns";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  const campaigns = await listOpenCampaigns(50);
  return (
    <>
      <PageTitle title="Open campaigns" subtitle="Calls for labeled data, each with its label schema, reward and budget." />
      {campaigns.length === 0 ? (
        <EmptyState title="No open campaigns yet">An admin opens campaigns; come back soon.</EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
          {campaigns.map((c) => (
            <CampaignCard key={c.id} campaign={c} />
          ))}
        </div>
      )}
    </>
  );
}

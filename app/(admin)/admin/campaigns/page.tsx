import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";

export const metadata: Metadata = { title: "Campaigns (admin)" };

export default function CampaignsPage() {
  return (
    <>
      <PageTitle title="Campaigns (admin)" subtitle="Create and edit campaigns." />
      <EmptyState title="Campaign editing comes next" action={{ href: "/campaigns", label: "See open campaigns" }}>
        Two demo campaigns are seeded; creating and editing campaigns in the browser is the next piece of work.
      </EmptyState>
    </>
  );
}

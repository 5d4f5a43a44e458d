import type { Metadata } from "next";
import { formatUnits } from "viem";
import { PageTitle } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import { getCampaign } from "@/lib/server/campaigns/get-campaign";
import { updateCampaignAction } from "../../actions";
import { AdminGate } from "../../_components/admin-gate";
import { CampaignForm } from "../../_components/campaign-form";

export const metadata: Metadata = { title: "Edit campaign" };

export default async function EditCampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <AdminGate>
      {async (admin) => {
        const c = await orNotFound(getCampaign({ id }, admin));
        const schema = c.labelSchema;
        const defaults: Record<string, string> = {
          title: c.title,
          slug: c.slug,
          description: c.description,
          dataType: c.dataType,
          labelKind: schema.kind,
          labels: schema.kind === "free_text" ? "" : schema.labels.join(", "),
          maxLabels: schema.kind === "multi_label" && schema.maxLabels ? String(schema.maxLabels) : "",
          prompt: schema.kind === "free_text" ? schema.prompt : "",
          answerMin: schema.kind === "free_text" ? String(schema.minLength) : "1",
          answerMax: schema.kind === "free_text" ? String(schema.maxLength) : "500",
          licence: c.licence,
          reward: formatUnits(c.rewardWei, 18),
          budget: formatUnits(c.budgetWei, 18),
          targetSamples: String(c.targetSamples),
          reviewsPerItem: String(c.reviewsPerItem),
          maxReviews: String(c.maxReviews),
          acceptThreshold: String(c.acceptThreshold),
          status: c.status,
          nearDuplicatePolicy: c.nearDuplicatePolicy,
          maxPendingPerContributor: String(c.maxPendingPerContributor),
          textMinLength: String(c.textMinLength),
          textMaxLength: String(c.textMaxLength),
          reviewerFee: formatUnits(c.reviewerFeeWei, 18),
          goldRate: String(c.goldRate),
          quizSize: String(c.quizSize),
          quizPassMark: String(c.quizPassMark),
          reliabilityFloor: String(c.reliabilityFloor),
        };
        return (
          <>
            <PageTitle title={`Edit ${c.title}`} />
            <CampaignForm action={updateCampaignAction.bind(null, c.id)} defaults={defaults} submitLabel="Save changes" />
          </>
        );
      }}
    </AdminGate>
  );
}

import type { Metadata } from "next";
import { PageTitle } from "@/app/_components/empty-state";
import { DEFAULT_REVIEWER_FEE } from "@/lib/schemas/campaign";
import { createCampaignAction } from "../actions";
import { AdminGate } from "../_components/admin-gate";
import { CampaignForm } from "../_components/campaign-form";

export const metadata: Metadata = { title: "New campaign" };

const DEFAULTS = {
  dataType: "TEXT",
  labelKind: "single_label",
  licence: "CC-BY-4.0",
  reward: "1",
  budget: "1000",
  targetSamples: "1000",
  reviewsPerItem: "3",
  maxReviews: "5",
  acceptThreshold: "0.9",
  status: "DRAFT",
  nearDuplicatePolicy: "REFUSE",
  maxPendingPerContributor: "500",
  textMinLength: "1",
  textMaxLength: "5000",
  answerMin: "1",
  answerMax: "500",
  reviewerFee: DEFAULT_REVIEWER_FEE,
  goldRate: "0.1",
  quizSize: "5",
  quizPassMark: "0.8",
  reliabilityFloor: "0.5",
};

export default function NewCampaignPage() {
  return (
    <AdminGate>
      {() => (
        <>
          <PageTitle title="New campaign" />
          <CampaignForm action={createCampaignAction} defaults={DEFAULTS} submitLabel="Create campaign" />
        </>
      )}
    </AdminGate>
  );
}

import "server-only";
import { AppError } from "@/lib/errors";
import type { DecisionOutcome, SampleStatus } from "@/lib/generated/prisma/enums";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { DecisionInputs, LegacyDecisionInputs } from "@/lib/server/reviews/decision-inputs";

export type SampleExplanation = {
  id: string;
  status: SampleStatus;
  campaign: { slug: string; title: string; acceptThreshold: number; reviewsPerItem: number; maxReviews: number };
  text: string | null;
  blobKey: string | null;
  mimeType: string;
  labels: unknown;
  consensusLabel: string | null;
  posterior: number | null;
  checks: Record<string, unknown>;
  nearDuplicateOfId: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  /** Newest first. Votes are included only once the sample is decided: reviewing stays blind until then. */
  decisions: { id: string; outcome: DecisionOutcome; posterior: number; label: string | null; reviews: number; flagged: boolean; createdAt: Date; inputs: DecisionInputs | LegacyDecisionInputs | null }[];
  /** Wallets of the reviewers whose votes are shown, by user id. */
  reviewerAddresses: Record<string, string>;
};

const DECIDED: SampleStatus[] = ["ACCEPTED", "REJECTED", "ESCALATED"];

/** A sample with everything that explains its fate, for its contributor and admins; to anyone else it does not exist. */
export async function getSampleExplanation(viewer: SessionUser, id: string): Promise<SampleExplanation> {
  const sample = await db.sample.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      contributorId: true,
      textContent: true,
      blobKey: true,
      mimeType: true,
      labels: true,
      consensusLabel: true,
      posterior: true,
      checks: true,
      nearDuplicateOfId: true,
      createdAt: true,
      decidedAt: true,
      campaign: { select: { slug: true, title: true, acceptThreshold: true, reviewsPerItem: true, maxReviews: true } },
      decisions: { orderBy: { createdAt: "desc" }, select: { id: true, outcome: true, posterior: true, label: true, reviews: true, flagged: true, createdAt: true, inputs: true } },
    },
  });
  if (!sample || (sample.contributorId !== viewer.id && !viewer.roles.includes("ADMIN"))) throw new AppError("NOT_FOUND", "That sample does not exist.");
  const decided = DECIDED.includes(sample.status);
  const decisions = sample.decisions.map((d) => ({ ...d, inputs: decided ? (d.inputs as unknown as DecisionInputs | LegacyDecisionInputs) : null }));
  const voterIds = [...new Set(decisions.flatMap((d) => d.inputs?.votes.map((v) => v.reviewerId) ?? []))];
  const voters = voterIds.length ? await db.user.findMany({ where: { id: { in: voterIds } }, select: { id: true, address: true } }) : [];
  return {
    id: sample.id,
    status: sample.status,
    campaign: sample.campaign,
    text: sample.textContent,
    blobKey: sample.blobKey,
    mimeType: sample.mimeType,
    labels: sample.labels,
    consensusLabel: sample.consensusLabel,
    posterior: sample.posterior,
    checks: (sample.checks ?? {}) as Record<string, unknown>,
    nearDuplicateOfId: sample.nearDuplicateOfId,
    createdAt: sample.createdAt,
    decidedAt: sample.decidedAt,
    decisions,
    reviewerAddresses: Object.fromEntries(voters.map((v) => [v.id, v.address])),
  };
}

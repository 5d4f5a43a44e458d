import "server-only";
import { AppError } from "@/lib/errors";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { ZGoldInput } from "@/lib/schemas/quiz";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { campaignConsensus } from "@/lib/server/reviews/campaign-consensus";
import { storedModelChoices, type StoredModelChoices } from "@/lib/server/reviews/stored-model-choice";
import { isUniqueViolation, reviewTransaction } from "@/lib/server/reviews/unique-violation";

/**
 * Admin only: makes a sample a gold item of its campaign, with its known answer (and, for classification, the right
 * label). From then on it is never decided; its reviews measure reviewers, and it can be asked in the quiz. Logged.
 */
export async function markGold(actor: SessionUser, input: unknown): Promise<{ id: string }> {
  assertRole(actor, "ADMIN");
  const { sampleId, expectedVerdict, expectedLabel } = ZGoldInput.parse(input);
  try {
    return await reviewTransaction(async (tx) => {
      const sample = await tx.sample.findUnique({ where: { id: sampleId }, select: { id: true, status: true, campaignId: true, campaign: { select: { labelSchema: true } } } });
      if (!sample) throw new AppError("NOT_FOUND", "That sample does not exist.");
      if (sample.status === "REFUSED") throw new AppError("CONFLICT", "A refused sample cannot be a gold item.");
      const schema = ZLabelSchema.parse(sample.campaign.labelSchema);
      if (expectedLabel !== undefined && (schema.kind !== "single_label" || !schema.labels.includes(expectedLabel))) {
        const message = schema.kind === "single_label" ? `'${expectedLabel}' is not a label of this campaign. Choose one of: ${schema.labels.join(", ")}.` : "This campaign has no label classes to name.";
        throw new AppError("VALIDATION", message, { details: { fieldErrors: { expectedLabel: [message] } } });
      }
      const gold = await tx.goldItem.create({ data: { campaignId: sample.campaignId, sampleId, expectedVerdict, expectedLabel: expectedLabel ?? null }, select: { id: true } });
      await tx.auditEvent.create({ data: { actorId: actor.id, action: "gold.add", subject: `sample:${sampleId}`, details: { expectedVerdict, expectedLabel: expectedLabel ?? null } } });
      return gold;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This sample is a gold item already.", { cause: error });
    throw error;
  }
}

/** Admin only: turns a gold item back into an ordinary sample (its reviews stay). Logged. */
export async function removeGold(actor: SessionUser, sampleId: string): Promise<void> {
  assertRole(actor, "ADMIN");
  await reviewTransaction(async (tx) => {
    const removed = await tx.goldItem.deleteMany({ where: { sampleId } });
    if (removed.count !== 1) throw new AppError("NOT_FOUND", "That sample is not a gold item.");
    await tx.auditEvent.create({ data: { actorId: actor.id, action: "gold.remove", subject: `sample:${sampleId}` } });
  });
}

export type GoldRow = {
  sampleId: string;
  preview: string;
  contributorLabels: string;
  expectedVerdict: "ACCEPT" | "REJECT";
  expectedLabel: string | null;
  reviews: number;
  correct: number;
  /** P(the crowd's verdicts on this item are about its known verdict), from the campaign's consensus; null before any review. */
  crowdAgreement: number | null;
  /** The crowd firmly says otherwise (see CONTRADICTED_BELOW): an admin should recheck the known answer. */
  contradicted: boolean;
};

/**
 * Below this crowd agreement a gold item is flagged. The engine already trusts a gold answer about nine
 * times in ten (its gold reliability), so an agreement under one half means the votes outweigh that trust
 * by more than 9 to 1: either the sample is truly confusing or its known answer is wrong.
 */
export const CONTRADICTED_BELOW = 0.5;
export type GoldCandidate = { sampleId: string; preview: string; contributorLabels: string; status: string };

const preview = (s: { textContent: string | null; originalName: string | null; mimeType: string }) => (s.textContent ?? s.originalName ?? s.mimeType).slice(0, 140);
const labelsText = (labels: unknown) => (Array.isArray(labels) ? labels.join(", ") : String(labels ?? ""));

/**
 * Admin only: a campaign's gold items with how often reviewers got them right, and a page of other samples that could
 * become gold (newest first).
 */
export async function listGold(
  actor: SessionUser,
  campaignId: string,
  page = 1,
): Promise<{ gold: GoldRow[]; candidates: GoldCandidate[]; hasMore: boolean; goldReliability: number | null; models: StoredModelChoices }> {
  assertRole(actor, "ADMIN");
  const PAGE = 20;
  const [gold, candidates, campaign] = await Promise.all([
    db.goldItem.findMany({
      where: { campaignId },
      orderBy: { createdAt: "asc" },
      select: { sampleId: true, expectedVerdict: true, expectedLabel: true, sample: { select: { textContent: true, originalName: true, mimeType: true, labels: true, reviews: { select: { verdict: true } } } } },
    }),
    db.sample.findMany({
      where: { campaignId, goldItem: { is: null }, status: { not: "REFUSED" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE,
      take: PAGE + 1,
      select: { id: true, status: true, textContent: true, originalName: true, mimeType: true, labels: true },
    }),
    db.campaign.findUnique({ where: { id: campaignId }, select: { labelSchema: true } }),
  ]);
  // The verdict run of the same consensus that decides samples: how far the crowd agrees with each gold answer.
  const reviewed = campaign !== null && gold.some((g) => g.sample.reviews.length > 0);
  const run = reviewed ? await campaignConsensus(db, campaignId, ZLabelSchema.parse(campaign.labelSchema)) : null;
  const consensus = run?.verdicts ?? null;
  const agreement = new Map((consensus?.items ?? []).flatMap((item) => (item.goldAgreement === null ? [] : [[item.itemId, item.goldAgreement] as const])));
  return {
    goldReliability: consensus?.goldReliability ?? null,
    models: run?.models ?? (await storedModelChoices(db, campaignId)),
    gold: gold.map((g) => ({
      sampleId: g.sampleId,
      preview: preview(g.sample),
      contributorLabels: labelsText(g.sample.labels),
      expectedVerdict: g.expectedVerdict,
      expectedLabel: g.expectedLabel,
      reviews: g.sample.reviews.length,
      correct: g.sample.reviews.filter((r) => r.verdict === g.expectedVerdict).length,
      crowdAgreement: g.sample.reviews.length > 0 ? (agreement.get(g.sampleId) ?? null) : null,
      contradicted: g.sample.reviews.length > 0 && (agreement.get(g.sampleId) ?? 1) < CONTRADICTED_BELOW,
    })),
    candidates: candidates.slice(0, PAGE).map((s) => ({ sampleId: s.id, preview: preview(s), contributorLabels: labelsText(s.labels), status: s.status })),
    hasMore: candidates.length > PAGE,
  };
}

import "server-only";
import { goldClass, itemPosterior, outcomeSpace, reviewClass } from "@/lib/domain/consensus";
import { AppError } from "@/lib/errors";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { ZGoldInput } from "@/lib/schemas/quiz";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { searchPieces, type ListQuery } from "@/lib/schemas/list-query";
import { calibrationSummary, latestSnapshot, type CalibrationSummary } from "@/lib/server/reviews/consensus-snapshot";
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
  /** Reviews that voted for the known answer (its label, or "unacceptable" for a known rejection). */
  correct: number;
  /** P(known answer | this item's votes alone) under the campaign's latest consensus fit; null before any review. */
  crowdAgreement: number | null;
  /** The crowd firmly says otherwise (see CONTRADICTED_BELOW): an admin should recheck the known answer. */
  contradicted: boolean;
  /** The latest correction by a gold challenge: the answer before, when, and the challenge. */
  correction: { fromVerdict: "ACCEPT" | "REJECT"; fromLabel: string | null; at: Date; appealId: string } | null;
  /** A challenge of the answer not decided yet (waiting for its bond, or before a panel). */
  openChallenge: { id: string; state: string } | null;
};

/**
 * Below this crowd agreement a gold item is flagged: its votes alone make another answer more likely than the known
 * one, so either the sample is truly confusing or its known answer is wrong.
 */
export const CONTRADICTED_BELOW = 0.5;
export type GoldCandidate = { sampleId: string; preview: string; contributorLabels: string; status: string };

const preview = (s: { textContent: string | null; originalName: string | null; mimeType: string }) => (s.textContent ?? s.originalName ?? s.mimeType).slice(0, 140);
const labelsText = (labels: unknown) => (Array.isArray(labels) ? labels.join(", ") : String(labels ?? ""));

export const GOLD_CANDIDATE_SORTS = ["newest", "oldest", "status"] as const;
export type GoldCandidateSort = (typeof GOLD_CANDIDATE_SORTS)[number];
export const GOLD_CANDIDATE_LIST_OPTIONS = { sorts: GOLD_CANDIDATE_SORTS, defaultSize: 20, maxSize: 100 } as const;

const CANDIDATE_ORDER = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  status: [{ status: "asc" }, { createdAt: "desc" }, { id: "desc" }],
} as const satisfies Record<GoldCandidateSort, Prisma.SampleOrderByWithRelationInput[]>;

/**
 * Admin only: a campaign's gold items with how often reviewers got them right, and a page of other samples that could
 * become gold, searched (text or file name) and sorted.
 */
export async function listGold(
  actor: SessionUser,
  campaignId: string,
  query: ListQuery<GoldCandidateSort> = { q: "", sort: "newest", page: 1, size: 20 },
): Promise<{ gold: GoldRow[]; candidates: GoldCandidate[]; candidateTotal: number; hasMore: boolean; calibration: CalibrationSummary | null }> {
  assertRole(actor, "ADMIN");
  const { page, size: PAGE } = query;
  const candidateWhere: Prisma.SampleWhereInput = {
    campaignId,
    goldItem: { is: null },
    status: { not: "REFUSED" },
    AND: searchPieces(query.q).map((piece) => ({ OR: [{ textContent: { contains: piece } }, { originalName: { contains: piece } }] })),
  };
  const [gold, candidates, candidateTotal, campaign] = await Promise.all([
    db.goldItem.findMany({
      where: { campaignId },
      orderBy: { createdAt: "asc" },
      select: {
        sampleId: true,
        expectedVerdict: true,
        expectedLabel: true,
        corrections: { orderBy: { createdAt: "desc" }, take: 1, select: { fromVerdict: true, fromLabel: true, createdAt: true, appealId: true } },
        sample: {
          select: {
            textContent: true,
            originalName: true,
            mimeType: true,
            labels: true,
            // A gold challenge's panel votes are not gold answers.
            reviews: { where: { goldChallengeId: null }, select: { reviewerId: true, verdict: true, reason: true, label: true } },
            appeals: { where: { kind: "gold", state: { in: ["AWAITING_BOND", "OPEN"] } }, select: { id: true, state: true } },
          },
        },
      },
    }),
    db.sample.findMany({
      where: candidateWhere,
      orderBy: [...CANDIDATE_ORDER[query.sort]],
      skip: (page - 1) * PAGE,
      take: PAGE + 1,
      select: { id: true, status: true, textContent: true, originalName: true, mimeType: true, labels: true },
    }),
    db.sample.count({ where: candidateWhere }),
    db.campaign.findUnique({ where: { id: campaignId }, select: { labelSchema: true } }),
  ]);
  const space = campaign ? outcomeSpace(ZLabelSchema.parse(campaign.labelSchema)) : null;
  const [snapshot, calibration] = await Promise.all([latestSnapshot(campaignId), calibrationSummary(campaignId)]);
  return {
    calibration,
    gold: gold.map((g) => {
      const known = space ? goldClass(space, g, g.sample.labels) : null;
      const votes = space ? g.sample.reviews.flatMap((r) => {
        const k = reviewClass(space, { ...r, contributorLabels: g.sample.labels });
        return k === null ? [] : [{ reviewerId: r.reviewerId, label: k }];
      }) : [];
      const crowdAgreement = snapshot && known !== null && votes.length > 0 && snapshot.model.classes === space!.classNames.length ? itemPosterior(snapshot.model, votes)[known]! : null;
      return {
        sampleId: g.sampleId,
        preview: preview(g.sample),
        contributorLabels: labelsText(g.sample.labels),
        expectedVerdict: g.expectedVerdict,
        expectedLabel: g.expectedLabel,
        reviews: g.sample.reviews.length,
        correct: votes.filter((v) => v.label === known).length,
        crowdAgreement,
        contradicted: crowdAgreement !== null && crowdAgreement < CONTRADICTED_BELOW,
        correction: g.corrections[0] ? { fromVerdict: g.corrections[0].fromVerdict, fromLabel: g.corrections[0].fromLabel, at: g.corrections[0].createdAt, appealId: g.corrections[0].appealId } : null,
        openChallenge: g.sample.appeals[0] ?? null,
      };
    }),
    candidates: candidates.slice(0, PAGE).map((s) => ({ sampleId: s.id, preview: preview(s), contributorLabels: labelsText(s.labels), status: s.status })),
    candidateTotal,
    hasMore: candidates.length > PAGE,
  };
}

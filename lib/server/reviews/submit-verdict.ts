import "server-only";
import { AppError } from "@/lib/errors";
import { UNDO_WINDOW_MS, ZVerdictInput } from "@/lib/schemas/review";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { decideSample } from "./decide-sample";
import { assertReviewerOf } from "./reviewer-access";
import { isUniqueViolation, reviewTransaction } from "./unique-violation";

export type SubmittedVerdict = { reviewId: string; sampleId: string; undoableUntil: Date };

/**
 * Records a reviewer's blind verdict on the sample they hold, then lets consensus decide what happens to it. The
 * answer says nothing about the consensus: reviewers must not learn how others voted.
 */
export async function submitVerdict(actor: SessionUser, input: unknown, options: { now?: Date } = {}): Promise<SubmittedVerdict> {
  const now = options.now ?? new Date();
  const verdict = ZVerdictInput.parse(input);
  const sample = await db.sample.findUnique({
    where: { id: verdict.sampleId },
    select: { id: true, contributorId: true, labels: true, campaign: { select: { id: true, status: true, labelSchema: true } } },
  });
  if (!sample) throw new AppError("NOT_FOUND", "That sample does not exist.");
  // Permission first, then the state of the campaign, then the state of the lease: each refusal names its own cause.
  if (sample.contributorId === actor.id) throw new AppError("FORBIDDEN", "You cannot review your own sample.");
  await assertReviewerOf(db, actor, sample.campaign.id);
  if (sample.campaign.status !== "OPEN") throw new AppError("CONFLICT", `This campaign is ${sample.campaign.status.toLowerCase()}: it takes no more verdicts.`);
  const label = checkVerdictLabel(ZLabelSchema.parse(sample.campaign.labelSchema), verdict.label);
  if (verdict.verdict === "REJECT" && verdict.reason === "wrong_label" && label !== null && label === sample.labels) {
    // It would say both "the label is wrong" and "this is its label": counted either way, it would be a guess.
    const message = `'${label}' is the sample's own label: a "wrong label" rejection names the label it should have instead.`;
    throw new AppError("VALIDATION", message, { details: { fieldErrors: { label: [message] } } });
  }

  const reviewId = await reviewTransaction(async (tx) => {
    const existing = await tx.review.findUnique({ where: { sampleId_reviewerId: { sampleId: sample.id, reviewerId: actor.id } }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", "You already reviewed this sample.");
    const lease = await tx.reviewAssignment.findUnique({ where: { sampleId_reviewerId: { sampleId: sample.id, reviewerId: actor.id } }, select: { id: true, status: true, leaseExpiresAt: true } });
    if (!lease || lease.status !== "LEASED") throw new AppError("CONFLICT", "You do not hold this sample. Take the next one from the review queue.");
    // Compare-and-set on the expiry: a lease that ran out a moment ago may already be another reviewer's slot.
    const closed = await tx.reviewAssignment.updateMany({ where: { id: lease.id, status: "LEASED", leaseExpiresAt: { gt: now } }, data: { status: "DONE" } });
    if (closed.count !== 1) throw new AppError("CONFLICT", "Your hold on this sample expired, so it went back to the queue. Take the next one.");
    try {
      const review = await tx.review.create({
        data: { sampleId: sample.id, reviewerId: actor.id, verdict: verdict.verdict, reason: verdict.reason ?? null, label, createdAt: now },
        select: { id: true },
      });
      return review.id;
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", "You already reviewed this sample.", { cause: error });
      throw error;
    }
  });

  await decideSample(sample.id, { now });
  return { reviewId, sampleId: sample.id, undoableUntil: new Date(now.getTime() + UNDO_WINDOW_MS) };
}

/** Only classification (single-label) campaigns take a label with a verdict, and only one of the schema's. */
function checkVerdictLabel(schema: TLabelSchema, label: string | undefined): string | null {
  if (label === undefined) return null;
  if (schema.kind !== "single_label") throw new AppError("VALIDATION", "This campaign takes no label with a verdict.", { details: { fieldErrors: { label: ["This campaign takes no label with a verdict."] } } });
  if (!schema.labels.includes(label)) {
    const message = `'${label.slice(0, 64)}' is not a label of this campaign. Choose one of: ${schema.labels.join(", ")}.`;
    throw new AppError("VALIDATION", message, { details: { fieldErrors: { label: [message] } } });
  }
  return label;
}

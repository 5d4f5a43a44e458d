import "server-only";
import { AppError } from "@/lib/errors";
import { UNDO_WINDOW_MS, ZVerdictInput } from "@/lib/schemas/review";
import type { TLabelSchema } from "@/lib/schemas/label-schema";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { directConnection, isSqliteUniqueViolation, newRowId, writeTransaction } from "@/lib/server/sqlite-direct";
import { decideSample } from "./decide-sample";
import { closeLiveLease, insertReview, leaseOf, panelSeatOf, reviewIdOf, verdictTarget } from "./review-rows";
import { assertReviewerOf } from "./reviewer-access";

export type SubmittedVerdict = { reviewId: string; sampleId: string; campaignId: string; undoableUntil: Date };

/**
 * Records a reviewer's blind verdict on the sample they hold, then lets consensus decide what happens to it. The
 * answer says nothing about the consensus: reviewers must not learn how others voted.
 */
export async function submitVerdict(actor: SessionUser, input: unknown, options: { now?: Date } = {}): Promise<SubmittedVerdict> {
  const now = options.now ?? new Date();
  const verdict = ZVerdictInput.parse(input);
  const connection = directConnection();
  const sample = verdictTarget(connection, verdict.sampleId);
  if (!sample) throw new AppError("NOT_FOUND", "That sample does not exist.");
  // Permission first, then the state of the campaign, then the state of the lease: each refusal names its own cause.
  if (sample.contributorId === actor.id) throw new AppError("FORBIDDEN", "You cannot review your own sample.");
  assertReviewerOf(connection, actor, sample.campaignId);
  // A panelist whose round is over (decided, or followed by a larger panel) may not vote again, whatever they hold.
  // Only someone seated learns of the panel: anyone else is refused as for any sample they do not hold.
  const seat = panelSeatOf(connection, sample.id, actor.id);
  if (seat && (seat.appealState !== "OPEN" || seat.seatRound !== seat.appealRound)) {
    throw new AppError("CONFLICT", "The panel you sat on for this sample has closed: it takes no more votes.");
  }
  if (seat?.released) throw new AppError("CONFLICT", "Your seat on this sample's panel went to another reviewer (skipped, or no vote in time): it takes no vote from you.");
  if (sample.campaignStatus !== "OPEN") throw new AppError("CONFLICT", `This campaign is ${sample.campaignStatus.toLowerCase()}: it takes no more verdicts.`);
  const label = checkVerdictLabel(ZLabelSchema.parse(sample.labelSchema), verdict.label);
  if (verdict.verdict === "REJECT" && verdict.reason === "wrong_label" && label !== null && label === sample.labels) {
    // It would say both "the label is wrong" and "this is its label": counted either way, it would be a guess.
    const message = `'${label}' is the sample's own label: a "wrong label" rejection names the label it should have instead.`;
    throw new AppError("VALIDATION", message, { details: { fieldErrors: { label: [message] } } });
  }

  // One synchronous transaction: the checks of the lease and the writes see the same state, and no other claim or
  // verdict of this process can run in between.
  const { reviewId, createdAt } = await writeTransaction((tx) => {
    if (reviewIdOf(tx, sample.id, actor.id)) throw new AppError("CONFLICT", "You already reviewed this sample.");
    const lease = leaseOf(tx, sample.id, actor.id);
    if (!lease || lease.status !== "LEASED") throw new AppError("CONFLICT", "You do not hold this sample. Take the next one from the review queue.");
    // Compare-and-set on the expiry: a lease that ran out a moment ago may already be another reviewer's slot.
    if (!closeLiveLease(tx, lease.id, now)) throw new AppError("CONFLICT", "Your hold on this sample expired, so it went back to the queue. Take the next one.");
    // Stamped under the write lock, not when the request began: a background fit reads "every review created before
    // its fittedAt", so a verdict that waited for the lock while a fit read must not carry a time from before that read.
    const createdAt = options.now ?? new Date();
    const id = newRowId(createdAt.getTime());
    try {
      // A gold challenge's panelist judges the item blind; their vote is marked so that it is never a gold answer.
      const goldChallengeId = seat?.appealKind === "gold" ? seat.appealId : null;
      insertReview(tx, { id, sampleId: sample.id, reviewerId: actor.id, verdict: verdict.verdict, reason: verdict.reason ?? null, label, createdAt, goldChallengeId });
    } catch (error) {
      if (isSqliteUniqueViolation(error)) throw new AppError("CONFLICT", "You already reviewed this sample.", { cause: error });
      throw error;
    }
    return { reviewId: id, createdAt };
  });

  await decideSample(sample.id, { now });
  return { reviewId, sampleId: sample.id, campaignId: sample.campaignId, undoableUntil: new Date(createdAt.getTime() + UNDO_WINDOW_MS) };
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

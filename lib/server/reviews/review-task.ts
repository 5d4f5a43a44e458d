import "server-only";
import type { DataType } from "@/lib/generated/prisma/enums";
import { ZLabelSchema, type TLabelSchema } from "@/lib/schemas/label-schema";

/**
 * What a reviewer sees of a claimed sample: the content, the contributor's labels and the campaign's label schema.
 * Deliberately nothing else: no contributor, no other verdicts, no consensus, and nothing that tells a gold item
 * apart from a normal sample (reviews are blind).
 */
export type ReviewTask = ReviewSample & { assignmentId: string; leaseExpiresAt: Date };

/**
 * A task as the reviewer's client (the review desk, the review API) gets it: named by `taskId`, the id of the
 * reviewer's own assignment, never by the sample's id. A sample id is the same for every reviewer, so wallets of one
 * farm comparing theirs would see gold items (served to everybody) come up far more often than a sample's k slots; an
 * assignment id is different for every reviewer of a sample and says nothing.
 */
export type ClientTask = Omit<ReviewTask, "sampleId" | "assignmentId"> & { taskId: string };

export function toClientTask(task: ReviewTask): ClientTask {
  const { sampleId: _sample, assignmentId, ...rest } = task;
  return { ...rest, taskId: assignmentId };
}

/** A sample as a reviewer sees it, in the queue or in a qualification quiz. */
export type ReviewSample = {
  sampleId: string;
  campaign: { id: string; slug: string; title: string; dataType: DataType; labelSchema: TLabelSchema };
  content: { kind: "text"; text: string } | { kind: "file"; blobKey: string; width: number | null; height: number | null };
  mimeType: string;
  contributorLabels: string[];
};

/** The columns of a sample a reviewer is shown (the quiz reads them through Prisma; the queue, review-rows.ts). */
export const REVIEW_SAMPLE_SELECT = {
  id: true,
  textContent: true,
  blobKey: true,
  width: true,
  height: true,
  mimeType: true,
  labels: true,
  campaign: { select: { id: true, slug: true, title: true, dataType: true, labelSchema: true } },
} as const;

type SampleRow = {
  id: string;
  textContent: string | null;
  blobKey: string | null;
  width: number | null;
  height: number | null;
  mimeType: string;
  labels: unknown;
  campaign: { id: string; slug: string; title: string; dataType: DataType; labelSchema: unknown };
};

export function toReviewTask(row: { assignmentId: string; leaseExpiresAt: Date; sample: SampleRow }): ReviewTask {
  return { ...toReviewSample(row.sample), assignmentId: row.assignmentId, leaseExpiresAt: row.leaseExpiresAt };
}

export function toReviewSample(sample: SampleRow): ReviewSample {
  const labels = Array.isArray(sample.labels) ? sample.labels.map(String) : sample.labels == null ? [] : [String(sample.labels)];
  return {
    sampleId: sample.id,
    campaign: { ...sample.campaign, labelSchema: ZLabelSchema.parse(sample.campaign.labelSchema) },
    content: sample.blobKey
      ? { kind: "file", blobKey: sample.blobKey, width: sample.width, height: sample.height }
      : { kind: "text", text: sample.textContent ?? "" },
    mimeType: sample.mimeType,
    contributorLabels: labels,
  };
}

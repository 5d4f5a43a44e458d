import "server-only";
import { voteIndexFromCodes, type OutcomeSpace, type VoteIndex } from "@/lib/domain/consensus";
import type { Verdict } from "@/lib/generated/prisma/enums";
import { readConnection, readConsistently } from "@/lib/server/read-connection";
import { statement } from "@/lib/server/sqlite-direct";
import { ReviewColumns } from "./review-columns";

/** One review of a campaign, as an object: what a decision shows of it. */
export type CampaignReview = {
  id: string;
  sampleId: string;
  reviewerId: string;
  verdict: Verdict;
  label: string | null;
  reason: string | null;
  /** The outcome class this review votes for (see outcome-space.ts); null if it names no class of the schema. */
  voteClass: number | null;
};

/**
 * Every review of a campaign, one entry per review in columns (review r is by reviewer `reviewerIds[reviewer[r]]` on
 * sample `sampleIds[sample[r]]`, which identify it), and its gold answers. An object per review would cost more to
 * build and to collect than the fit they feed; these columns cost a few arrays.
 */
export type CampaignReviews = {
  readonly count: number;
  /**
   * The review ids, or null for a read without them (the fit process's: it needs a few, for the samples it
   * describes, and looks those up; see currentReviewsOfSample).
   */
  readonly reviewIds: readonly string[] | null;
  /** Samples that have reviews or are gold items, by code. */
  readonly sampleIds: readonly string[];
  readonly sampleCodes: ReadonlyMap<string, number>;
  readonly reviewerIds: readonly string[];
  readonly sample: Int32Array;
  readonly reviewer: Int32Array;
  /** 1: ACCEPT, 0: REJECT. */
  readonly accept: Uint8Array;
  readonly label: readonly (string | null)[];
  readonly reason: readonly (string | null)[];
  /** The outcome class each review votes for (outcome-space.ts); -1: it names no class of the schema. */
  readonly voteClass: Int8Array;
  /** The class of each gold answer that names one, by sample id. */
  readonly gold: ReadonlyMap<string, number>;
  /** Every gold item's sample, whether or not its answer names a class. */
  readonly goldSampleIds: ReadonlySet<string>;
};

/** A review row as every read selects it (REVIEW_COLUMNS); a read may select more after them (the review id, ...). */
export type ReviewRow = [sampleId: string, labels: string, reviewerId: string, verdict: Verdict, label: string | null, reason: string | null, ...more: unknown[]];

/** The columns of a ReviewRow, from "Sample" AS s and "Review" AS r. */
export const REVIEW_COLUMNS = `s."id", s."labels", r."reviewerId", r."verdict", r."label", r."reason"`;

/**
 * Every review of the campaign (one parameter): from its samples, each sample's reviews through the index on
 * Review.sampleId. In no particular order: asked for sample id order, SQLite's planner may walk the samples in an
 * index's random order to sort them, far slower than the sort the vote index does (cheap where ids follow creation).
 * A gold challenge's panel votes are not in it: on a gold item they would be scored as gold answers.
 */
export const CAMPAIGN_REVIEWS = `"Sample" AS s CROSS JOIN "Review" AS r WHERE s."campaignId" = ? AND r."sampleId" = s."id" AND r."goldChallengeId" IS NULL`;

/**
 * Reads a campaign's reviews and gold items as of one moment (one read transaction). A sample's reviews come one
 * after the other; nothing depends on that order, it only spares a lookup per review.
 */
export function readCampaignReviews(campaignId: string, space: OutcomeSpace): CampaignReviews {
  return readConsistently((connection) => {
    const columns = new ReviewColumns(space, { withIds: true });
    const rows = connection.prepare<[string], ReviewRow>(`SELECT ${REVIEW_COLUMNS}, r."id" FROM ${CAMPAIGN_REVIEWS}`).raw(true);
    for (const row of rows.iterate(campaignId)) columns.add(row);
    return columns.withGold(connection, campaignId);
  });
}

/** The votes the fit counts (reviews that name a class) as a vote index; its items include every gold item with a class. */
export function voteIndexOf(reviews: CampaignReviews, classes: number): VoteIndex {
  let counted = 0;
  for (let r = 0; r < reviews.count; r++) if (reviews.voteClass[r]! >= 0) counted++;
  const votes = { item: new Int32Array(counted), reviewer: new Int32Array(counted), label: new Int32Array(counted) };
  for (let r = 0, v = 0; r < reviews.count; r++) {
    if (reviews.voteClass[r]! < 0) continue;
    votes.item[v] = reviews.sample[r]!;
    votes.reviewer[v] = reviews.reviewer[r]!;
    votes.label[v++] = reviews.voteClass[r]!;
  }
  const goldCodes: number[] = [];
  reviews.sampleIds.forEach((id, code) => {
    if (reviews.gold.has(id)) goldCodes.push(code);
  });
  return voteIndexFromCodes(classes, reviews.sampleIds, reviews.reviewerIds, votes, goldCodes);
}

/** Review r as an object, from a read with review ids. */
export function reviewAt(reviews: CampaignReviews, r: number): CampaignReview {
  if (!reviews.reviewIds) throw new Error("These reviews were read without their ids: see currentReviewsOfSample.");
  const voteClass = reviews.voteClass[r]!;
  return {
    id: reviews.reviewIds[r]!,
    sampleId: reviews.sampleIds[reviews.sample[r]!]!,
    reviewerId: reviews.reviewerIds[reviews.reviewer[r]!]!,
    verdict: reviews.accept[r] ? "ACCEPT" : "REJECT",
    label: reviews.label[r]!,
    reason: reviews.reason[r]!,
    voteClass: voteClass < 0 ? null : voteClass,
  };
}

const bySampleCache = new WeakMap<CampaignReviews, { start: Int32Array; order: Int32Array }>();

/** Positions of each sample's reviews in the columns: those of sample code c are order[start[c]..start[c+1]-1]. */
export function reviewsBySample(reviews: CampaignReviews): { start: Int32Array; order: Int32Array } {
  let grouped = bySampleCache.get(reviews);
  if (grouped) return grouped;
  const start = new Int32Array(reviews.sampleIds.length + 1);
  for (let r = 0; r < reviews.count; r++) start[reviews.sample[r]! + 1]!++;
  for (let c = 0; c < reviews.sampleIds.length; c++) start[c + 1]! += start[c]!;
  const next = start.slice(0, reviews.sampleIds.length);
  const order = new Int32Array(reviews.count);
  for (let r = 0; r < reviews.count; r++) order[next[reviews.sample[r]!]!++] = r;
  grouped = { start, order };
  bySampleCache.set(reviews, grouped);
  return grouped;
}

/** One sample's reviews as objects (none for a sample without reviews), from a read with review ids. */
export function reviewsOfSample(reviews: CampaignReviews, sampleId: string): CampaignReview[] {
  const code = reviews.sampleCodes.get(sampleId);
  if (code === undefined) return [];
  const { start, order } = reviewsBySample(reviews);
  const out: CampaignReview[] = [];
  for (let s = start[code]!; s < start[code + 1]!; s++) out.push(reviewAt(reviews, order[s]!));
  return out;
}

type CurrentReview = [reviewerId: string, id: string, verdict: Verdict, label: string | null, reason: string | null];

/**
 * One sample's reviews as `reviews` read them, with their ids looked up now (for a read without ids): a review is the
 * one of its sample and reviewer. Null if the sample's reviews changed since the read (one undone, given again or
 * added): a description must be of the votes that were read.
 */
export function currentReviewsOfSample(reviews: CampaignReviews, sampleId: string): CampaignReview[] | null {
  if (reviews.reviewIds) return reviewsOfSample(reviews, sampleId);
  const code = reviews.sampleCodes.get(sampleId);
  const { start, order } = reviewsBySample(reviews);
  const [from, to] = code === undefined ? [0, 0] : [start[code]!, start[code + 1]!];
  const current = statement(`SELECT "reviewerId", "id", "verdict", "label", "reason" FROM "Review" WHERE "sampleId" = ? AND "goldChallengeId" IS NULL`, readConnection()).raw(true).all(sampleId) as CurrentReview[];
  if (current.length !== to - from) return null;
  const byReviewer = new Map(current.map((row) => [row[0], row]));
  const out: CampaignReview[] = [];
  for (let s = from; s < to; s++) {
    const r = order[s]!;
    const reviewerId = reviews.reviewerIds[reviews.reviewer[r]!]!;
    const now = byReviewer.get(reviewerId);
    const verdict = reviews.accept[r] ? "ACCEPT" : "REJECT";
    if (!now || now[2] !== verdict || now[3] !== reviews.label[r] || now[4] !== reviews.reason[r]) return null;
    const voteClass = reviews.voteClass[r]!;
    out.push({ id: now[1], sampleId, reviewerId, verdict, label: now[3], reason: now[4], voteClass: voteClass < 0 ? null : voteClass });
  }
  return out;
}

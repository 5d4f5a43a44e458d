import "server-only";
import { goldClass, reviewClass, voteIndexFromCodes, type OutcomeSpace, type VoteIndex } from "@/lib/domain/consensus";
import type { Verdict } from "@/lib/generated/prisma/enums";
import { readConsistently, type ReadConnection } from "@/lib/server/read-connection";

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
 * Every review of a campaign, one entry per review in columns (review r is `reviewIds[r]`, by reviewer
 * `reviewerIds[reviewer[r]]` on sample `sampleIds[sample[r]]`), and its gold answers. A million reviews as a million
 * objects cost more to build and to collect than the fit they feed; these columns cost a few arrays.
 */
export type CampaignReviews = {
  readonly count: number;
  readonly reviewIds: readonly string[];
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

type ReviewRow = [sampleId: string, labels: string, reviewId: string, reviewerId: string, verdict: Verdict, label: string | null, reason: string | null];
type GoldRow = [sampleId: string, expectedVerdict: Verdict, expectedLabel: string | null, labels: string];

/**
 * Reads a campaign's reviews and gold items as of one moment (one read transaction). Each review's sample is joined
 * on its primary key from the campaign's samples, so a sample's reviews come one after the other; nothing depends on
 * that order, it only spares a lookup per review.
 */
export function readCampaignReviews(campaignId: string, space: OutcomeSpace): CampaignReviews {
  return readConsistently((connection) => {
    const reviews = readReviews(connection, campaignId, space);
    const gold = new Map<string, number>();
    const goldSampleIds = new Set<string>();
    const goldRows = connection
      .prepare<[string], GoldRow>(
        `SELECT g."sampleId", g."expectedVerdict", g."expectedLabel", s."labels"
         FROM "GoldItem" AS g CROSS JOIN "Sample" AS s
         WHERE g."campaignId" = ? AND s."id" = g."sampleId"`,
      )
      .raw(true)
      .all(campaignId);
    for (const [sampleId, expectedVerdict, expectedLabel, labels] of goldRows) {
      goldSampleIds.add(sampleId);
      const k = goldClass(space, { expectedVerdict, expectedLabel }, JSON.parse(labels));
      if (k === null) continue;
      gold.set(sampleId, k);
      // A gold item is an item of the fit even before anybody reviewed it.
      reviews.codeOfSample(sampleId);
    }
    return { ...reviews.columns(), gold, goldSampleIds };
  });
}

function readReviews(connection: ReadConnection, campaignId: string, space: OutcomeSpace) {
  const sampleIds: string[] = [];
  const sampleCodes = new Map<string, number>();
  const reviewerIds: string[] = [];
  const reviewerCodes = new Map<string, number>();
  const reviewIds: string[] = [];
  const label: (string | null)[] = [];
  const reason: (string | null)[] = [];
  let sample = new Int32Array(1 << 16);
  let reviewer = new Int32Array(1 << 16);
  let accept = new Uint8Array(1 << 16);
  let voteClass = new Int8Array(1 << 16);
  const codeOfSample = (id: string) => {
    let code = sampleCodes.get(id);
    if (code === undefined) {
      code = sampleIds.length;
      sampleCodes.set(id, code);
      sampleIds.push(id);
    }
    return code;
  };
  // Samples' labels are JSON; campaigns have few distinct ones, each parsed once.
  const parsedLabels = new Map<string, unknown>();
  // One statement object, refilled for every review.
  const statement: { verdict: Verdict; reason: string | null; label: string | null; contributorLabels: unknown } = { verdict: "ACCEPT", reason: null, label: null, contributorLabels: null };
  let previousSampleId = "";
  let sampleCode = -1;
  let n = 0;
  const rows = connection
    .prepare<[string], ReviewRow>(
      `SELECT s."id", s."labels", r."id", r."reviewerId", r."verdict", r."label", r."reason"
       FROM "Sample" AS s CROSS JOIN "Review" AS r
       WHERE s."campaignId" = ? AND r."sampleId" = s."id"`,
    )
    .raw(true)
    .iterate(campaignId);
  for (const row of rows) {
    if (n === sample.length) {
      sample = grown(sample);
      reviewer = grown(reviewer);
      accept = grown(accept);
      voteClass = grown(voteClass);
    }
    const sampleId = row[0];
    if (sampleId !== previousSampleId) {
      previousSampleId = sampleId;
      sampleCode = codeOfSample(sampleId);
      const labels = row[1];
      let parsed = parsedLabels.get(labels);
      if (parsed === undefined && !parsedLabels.has(labels)) parsedLabels.set(labels, (parsed = JSON.parse(labels)));
      statement.contributorLabels = parsed;
    }
    const reviewerId = row[3];
    let reviewerCode = reviewerCodes.get(reviewerId);
    if (reviewerCode === undefined) {
      reviewerCode = reviewerIds.length;
      reviewerCodes.set(reviewerId, reviewerCode);
      reviewerIds.push(reviewerId);
    }
    const verdict = row[4];
    statement.verdict = verdict;
    statement.label = row[5];
    statement.reason = row[6];
    sample[n] = sampleCode;
    reviewer[n] = reviewerCode;
    accept[n] = verdict === "ACCEPT" ? 1 : 0;
    voteClass[n] = reviewClass(space, statement) ?? -1;
    reviewIds.push(row[2]);
    label.push(row[5]);
    reason.push(row[6]);
    n++;
  }
  return {
    codeOfSample,
    columns: () => ({ count: n, reviewIds, sampleIds, sampleCodes, reviewerIds, sample: sample.subarray(0, n), reviewer: reviewer.subarray(0, n), accept: accept.subarray(0, n), label, reason, voteClass: voteClass.subarray(0, n) }),
  };
}

function grown<T extends Int32Array | Uint8Array | Int8Array>(array: T): T {
  const larger = new (array.constructor as new (length: number) => T)(array.length * 2);
  larger.set(array);
  return larger;
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

/** Review r as an object. */
export function reviewAt(reviews: CampaignReviews, r: number): CampaignReview {
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

/** One sample's reviews as objects (none for a sample without reviews). */
export function reviewsOfSample(reviews: CampaignReviews, sampleId: string): CampaignReview[] {
  const code = reviews.sampleCodes.get(sampleId);
  if (code === undefined) return [];
  const { start, order } = reviewsBySample(reviews);
  const out: CampaignReview[] = [];
  for (let s = start[code]!; s < start[code + 1]!; s++) out.push(reviewAt(reviews, order[s]!));
  return out;
}

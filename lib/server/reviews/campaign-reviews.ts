import "server-only";
import { goldClass, reviewClass, voteIndexFromCodes, type OutcomeSpace, type VoteIndex } from "@/lib/domain/consensus";
import type { Verdict } from "@/lib/generated/prisma/enums";
import { prepared, readConsistently, type ReadConnection } from "@/lib/server/read-connection";

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
 * sample `sampleIds[sample[r]]`, which identify it), and its gold answers. A million reviews as a million
 * objects cost more to build and to collect than the fit they feed; these columns cost a few arrays.
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
type GoldRow = [sampleId: string, expectedVerdict: Verdict, expectedLabel: string | null, labels: string];

/** The columns of a ReviewRow, from "Sample" AS s and "Review" AS r. */
export const REVIEW_COLUMNS = `s."id", s."labels", r."reviewerId", r."verdict", r."label", r."reason"`;

/**
 * Every review of the campaign (one parameter): from its samples, each sample's reviews through the index on
 * Review.sampleId. In sample id order, which SQLite's sorter gives cheaply: the fit's index wants the samples sorted,
 * and a sort in JavaScript costs more.
 */
export const CAMPAIGN_REVIEWS = `"Sample" AS s CROSS JOIN "Review" AS r WHERE s."campaignId" = ? AND r."sampleId" = s."id" ORDER BY s."id"`;

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

/**
 * Collects review rows into columns, with their review ids or without. It may start from the reviews of earlier
 * columns of the same campaign, outcome space and kind that `keep` marks (see cached-campaign-reviews.ts): their
 * codes stay valid, as the id lists only grow.
 */
export class ReviewColumns {
  private readonly sampleIds: string[];
  private readonly sampleCodes: Map<string, number>;
  private readonly reviewerIds: string[];
  private readonly reviewerCodes: Map<string, number>;
  private reviewIds: string[] | null;
  private label: (string | null)[] = [];
  private reason: (string | null)[] = [];
  private sample: Int32Array;
  private reviewer: Int32Array;
  private accept: Uint8Array;
  private voteClass: Int8Array;
  private n = 0;
  // Samples' labels are JSON; campaigns have few distinct ones, each parsed once.
  private readonly parsedLabels = new Map<string, unknown>();
  // One statement object, refilled for every review.
  private readonly statement: { verdict: Verdict; reason: string | null; label: string | null; contributorLabels: unknown } = { verdict: "ACCEPT", reason: null, label: null, contributorLabels: null };
  private previousSampleId = "";
  private sampleCode = -1;

  constructor(
    private readonly space: OutcomeSpace,
    options: { withIds: boolean; from?: { columns: CampaignReviews; keep: Uint8Array } },
  ) {
    const { from } = options;
    this.reviewIds = options.withIds ? [] : null;
    const capacity = Math.max(1 << 16, 2 * (from?.columns.count ?? 0));
    this.sample = new Int32Array(capacity);
    this.reviewer = new Int32Array(capacity);
    this.accept = new Uint8Array(capacity);
    this.voteClass = new Int8Array(capacity);
    if (!from) {
      this.sampleIds = [];
      this.sampleCodes = new Map();
      this.reviewerIds = [];
      this.reviewerCodes = new Map();
      return;
    }
    const { columns, keep } = from;
    this.sampleIds = [...columns.sampleIds];
    this.sampleCodes = new Map(columns.sampleCodes);
    this.reviewerIds = [...columns.reviewerIds];
    this.reviewerCodes = new Map(columns.reviewerIds.map((id, code) => [id, code]));
    // The kept reviews are mostly one run from the start (a cache keeps the settled ones, which come first): copied
    // whole, the rest one by one.
    let n = 0;
    while (n < columns.count && keep[n]) n++;
    this.sample.set(columns.sample.subarray(0, n));
    this.reviewer.set(columns.reviewer.subarray(0, n));
    this.accept.set(columns.accept.subarray(0, n));
    this.voteClass.set(columns.voteClass.subarray(0, n));
    if (this.reviewIds) this.reviewIds = columns.reviewIds!.slice(0, n);
    this.label = columns.label.slice(0, n);
    this.reason = columns.reason.slice(0, n);
    for (let r = n; r < columns.count; r++) {
      if (!keep[r]) continue;
      this.sample[n] = columns.sample[r]!;
      this.reviewer[n] = columns.reviewer[r]!;
      this.accept[n] = columns.accept[r]!;
      this.voteClass[n] = columns.voteClass[r]!;
      this.reviewIds?.push(columns.reviewIds![r]!);
      this.label.push(columns.label[r]!);
      this.reason.push(columns.reason[r]!);
      n++;
    }
    this.n = n;
  }

  get count(): number {
    return this.n;
  }

  codeOfSample(id: string): number {
    let code = this.sampleCodes.get(id);
    if (code === undefined) {
      code = this.sampleIds.length;
      this.sampleCodes.set(id, code);
      this.sampleIds.push(id);
    }
    return code;
  }

  /** Adds a row; with review ids, the id is its seventh column. */
  add(row: ReviewRow): void {
    const n = this.n;
    if (n === this.sample.length) {
      this.sample = grown(this.sample);
      this.reviewer = grown(this.reviewer);
      this.accept = grown(this.accept);
      this.voteClass = grown(this.voteClass);
    }
    const { statement } = this;
    const sampleId = row[0];
    if (sampleId !== this.previousSampleId) {
      this.previousSampleId = sampleId;
      this.sampleCode = this.codeOfSample(sampleId);
      const labels = row[1];
      let parsed = this.parsedLabels.get(labels);
      if (parsed === undefined && !this.parsedLabels.has(labels)) this.parsedLabels.set(labels, (parsed = JSON.parse(labels)));
      statement.contributorLabels = parsed;
    }
    const reviewerId = row[2];
    let reviewerCode = this.reviewerCodes.get(reviewerId);
    if (reviewerCode === undefined) {
      reviewerCode = this.reviewerIds.length;
      this.reviewerCodes.set(reviewerId, reviewerCode);
      this.reviewerIds.push(reviewerId);
    }
    const verdict = row[3];
    statement.verdict = verdict;
    statement.label = row[4];
    statement.reason = row[5];
    this.sample[n] = this.sampleCode;
    this.reviewer[n] = reviewerCode;
    this.accept[n] = verdict === "ACCEPT" ? 1 : 0;
    this.voteClass[n] = reviewClass(this.space, statement) ?? -1;
    this.reviewIds?.push(row[6] as string);
    this.label.push(row[4]);
    this.reason.push(row[5]);
    this.n = n + 1;
  }

  /** The columns, with the campaign's gold items read now (on the connection of the same read transaction). */
  withGold(connection: ReadConnection, campaignId: string): CampaignReviews {
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
      const k = goldClass(this.space, { expectedVerdict, expectedLabel }, JSON.parse(labels));
      if (k === null) continue;
      gold.set(sampleId, k);
      // A gold item is an item of the fit even before anybody reviewed it.
      this.codeOfSample(sampleId);
    }
    const n = this.n;
    return {
      count: n,
      reviewIds: this.reviewIds,
      sampleIds: this.sampleIds,
      sampleCodes: this.sampleCodes,
      reviewerIds: this.reviewerIds,
      sample: this.sample.subarray(0, n),
      reviewer: this.reviewer.subarray(0, n),
      accept: this.accept.subarray(0, n),
      label: this.label,
      reason: this.reason,
      voteClass: this.voteClass.subarray(0, n),
      gold,
      goldSampleIds,
    };
  }
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
  const current = prepared<[string], CurrentReview>(`SELECT "reviewerId", "id", "verdict", "label", "reason" FROM "Review" WHERE "sampleId" = ?`).raw(true).all(sampleId);
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

import "server-only";
import { goldClass, reviewClass, type OutcomeSpace } from "@/lib/domain/consensus";
import type { Verdict } from "@/lib/generated/prisma/enums";
import type { ReadConnection } from "@/lib/server/read-connection";
import type { CampaignReviews, ReviewRow } from "./campaign-reviews";

type GoldRow = [sampleId: string, expectedVerdict: Verdict, expectedLabel: string | null, labels: string];

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

// What a published version's dataset card says about its samples, computed once at publication from the frozen
// membership and its reviews, and stored in DatasetVersion.stats. Pure: the caller loads the rows.

export type LabelStat = {
  /** A label of the schema (classification), or "accepted" for free-text campaigns. */
  label: string;
  /** Samples whose consensus includes this label. */
  count: number;
  /** Share of the reviews of those samples that agree with it (see reviewAgrees). */
  agreement: number | null;
};

export type VersionStats = {
  sampleCount: number;
  /** Bytes a buyer receives for the samples' content (text as UTF-8, files as stored). */
  totalBytes: number;
  labels: LabelStat[];
  /** Mean of the consensus posterior (the probability of the shipped label) over samples that have one. */
  meanPosterior: number | null;
  contributors: number;
  reviewers: number;
  /** ISO dates of the first and last upload in the version. */
  collectedFrom: string | null;
  collectedTo: string | null;
};

export type StatsSample = {
  /** The consensus labels: a label or free text (string) or a label set (multi-label). */
  labels: string | readonly string[];
  posterior: number | null;
  sizeBytes: number;
  contributorId: string;
  createdAt: Date;
  reviews: readonly { reviewerId: string; verdict: "ACCEPT" | "REJECT"; label: string | null }[];
};

/** Free-text answers are not categories: their one "label" row measures how often reviewers accepted. */
export const FREE_TEXT_LABEL = "accepted";

export function computeVersionStats(samples: readonly StatsSample[], kind: "single_label" | "multi_label" | "free_text", schemaLabels: readonly string[]): VersionStats {
  const perLabel = new Map<string, { count: number; agreeing: number; votes: number }>();
  const bucket = (label: string) => {
    let entry = perLabel.get(label);
    if (!entry) perLabel.set(label, (entry = { count: 0, agreeing: 0, votes: 0 }));
    return entry;
  };
  if (kind === "free_text") bucket(FREE_TEXT_LABEL);
  else for (const label of schemaLabels) bucket(label);

  const contributors = new Set<string>();
  const reviewers = new Set<string>();
  let posteriorSum = 0;
  let posteriorCount = 0;
  let totalBytes = 0;
  let from: Date | null = null;
  let to: Date | null = null;

  for (const sample of samples) {
    contributors.add(sample.contributorId);
    for (const review of sample.reviews) reviewers.add(review.reviewerId);
    totalBytes += sample.sizeBytes;
    if (sample.posterior !== null) {
      posteriorSum += sample.posterior;
      posteriorCount++;
    }
    if (!from || sample.createdAt < from) from = sample.createdAt;
    if (!to || sample.createdAt > to) to = sample.createdAt;

    const labels = kind === "free_text" ? [FREE_TEXT_LABEL] : typeof sample.labels === "string" ? [sample.labels] : [...new Set(sample.labels)];
    for (const label of labels) {
      const entry = bucket(label);
      entry.count++;
      for (const review of sample.reviews) {
        entry.votes++;
        if (reviewAgrees(review, label)) entry.agreeing++;
      }
    }
  }

  return {
    sampleCount: samples.length,
    totalBytes,
    labels: [...perLabel.entries()].map(([label, e]) => ({ label, count: e.count, agreement: e.votes > 0 ? e.agreeing / e.votes : null })),
    meanPosterior: posteriorCount > 0 ? posteriorSum / posteriorCount : null,
    contributors: contributors.size,
    reviewers: reviewers.size,
    collectedFrom: from?.toISOString() ?? null,
    collectedTo: to?.toISOString() ?? null,
  };
}

/**
 * A review agrees with a sample's label when it accepts the sample and names no other label. Only single-label
 * reviews carry a label; for multi-label and free-text samples accepting is agreeing.
 */
export function reviewAgrees(review: StatsSample["reviews"][number], label: string): boolean {
  return review.verdict === "ACCEPT" && (review.label === null || review.label === label);
}

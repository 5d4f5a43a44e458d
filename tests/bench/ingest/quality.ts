// Precision and recall of the near-duplicate check on paraphrase-like edits of indexed samples (positives) and
// unrelated texts (negatives), with the product's decision against the indexed database.
import { textShingles } from "../../../lib/domain/ingest/minhash";
import type { SimilarityFingerprint } from "../../../lib/domain/ingest/duplicates";
import { checkOne, type IndexedDb } from "./near-dup-index";

export type Positive = { rate: number; originalId: string; original: string; edited: string; fingerprint: SimilarityFingerprint };
export type Negative = { text: string; fingerprint: SimilarityFingerprint };

/** The exact Jaccard similarity of two texts' shingle sets: what MinHash estimates. */
export function shingleJaccard(a: string, b: string): number {
  const left = new Set(textShingles(a));
  const right = new Set(textShingles(b));
  let shared = 0;
  for (const s of right) if (left.has(s)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 1 : shared / union;
}

export type RateFigures = {
  rate: number;
  positives: number;
  /** Refused as a near duplicate (of any sample). */
  detected: number;
  /** The original was among the LSH candidates. */
  candidate: number;
  /** Pairs whose exact shingle Jaccard is at least the 0.8 threshold, and how many of those were detected. */
  atThreshold: number;
  atThresholdDetected: number;
  meanJaccard: number;
};

export type QualityFigures = {
  byRate: RateFigures[];
  positives: number;
  negatives: number;
  truePositives: number;
  /** Negatives refused as near duplicates. */
  falsePositives: number;
  /** Positives refused, but as a near duplicate of another sample than their original. */
  wrongMatches: number;
  /** False positives whose exact shingle Jaccard with the matched sample reaches the threshold anyway: the generator
   * wrote a near copy of an indexed text (a short review from the same templates), so refusing it is right. */
  falsePositivesAtThreshold: number;
  /** The first few false positives: the negative, the indexed text it was taken for, both similarities. */
  falsePositiveExamples: { text: string; matchText: string; similarity: number; jaccard: number }[];
  precision: number;
  recall: number;
};

export async function measureQuality(index: IndexedDb, positives: readonly Positive[], negatives: readonly Negative[], threshold: number): Promise<QualityFigures> {
  const rates = [...new Set(positives.map((p) => p.rate))].sort((a, b) => a - b);
  const byRate = new Map<number, RateFigures & { jaccardSum: number }>(
    rates.map((rate) => [rate, { rate, positives: 0, detected: 0, candidate: 0, atThreshold: 0, atThresholdDetected: 0, meanJaccard: 0, jaccardSum: 0 }]),
  );
  let truePositives = 0;
  let wrongMatches = 0;
  for (const p of positives) {
    const decision = await checkOne(index, p.fingerprint);
    const figures = byRate.get(p.rate)!;
    const jaccard = shingleJaccard(p.original, p.edited);
    figures.positives++;
    figures.jaccardSum += jaccard;
    if (decision.candidateIds.includes(p.originalId)) figures.candidate++;
    if (jaccard >= threshold) figures.atThreshold++;
    if (decision.refused) {
      figures.detected++;
      truePositives++;
      if (decision.matchId !== p.originalId) wrongMatches++;
      if (jaccard >= threshold) figures.atThresholdDetected++;
    }
  }
  let falsePositives = 0;
  let falsePositivesAtThreshold = 0;
  const falsePositiveExamples: QualityFigures["falsePositiveExamples"] = [];
  for (const n of negatives) {
    const decision = await checkOne(index, n.fingerprint);
    if (!decision.refused) continue;
    falsePositives++;
    const match = await index.db.sample.findUniqueOrThrow({ where: { id: decision.matchId! }, select: { textContent: true } });
    const jaccard = shingleJaccard(n.text, match.textContent ?? "");
    if (jaccard >= threshold) falsePositivesAtThreshold++;
    if (falsePositiveExamples.length < 3) falsePositiveExamples.push({ text: n.text, matchText: match.textContent ?? "", similarity: decision.similarity!, jaccard });
  }
  return {
    byRate: [...byRate.values()].map(({ jaccardSum, ...f }) => ({ ...f, meanJaccard: f.positives === 0 ? 0 : jaccardSum / f.positives })),
    positives: positives.length,
    negatives: negatives.length,
    truePositives,
    falsePositives,
    wrongMatches,
    falsePositivesAtThreshold,
    falsePositiveExamples,
    precision: truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
    recall: positives.length === 0 ? 0 : truePositives / positives.length,
  };
}

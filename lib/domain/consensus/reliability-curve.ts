/**
 * Calibration measured: predictions (the probability given to the answer a decision would take) against whether
 * that answer was right. Used on gold answers predicted from the votes alone, and on replayed crowd data.
 */
export interface Prediction {
  /** Probability the model gave to its answer, in [0, 1]. */
  readonly confidence: number;
  readonly correct: boolean;
}

export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Mean confidence of the predictions in the bin (null when empty). */
  readonly meanConfidence: number | null;
  /** Share of them that were right (null when empty). */
  readonly accuracy: number | null;
}

export interface ReliabilityCurve {
  readonly predictions: number;
  readonly bins: ReliabilityBin[];
  /** Expected calibration error: the mean over predictions of |accuracy - confidence| of their bin; null without predictions. */
  readonly ece: number | null;
}

/** Equal-width bins over [lowest, 1]; a confidence of exactly 1 falls in the last bin. */
export function reliabilityCurve(predictions: readonly Prediction[], options: { bins?: number; lowest?: number } = {}): ReliabilityCurve {
  const binCount = options.bins ?? 10;
  const lowest = options.lowest ?? 0;
  if (!Number.isInteger(binCount) || binCount < 1) throw new RangeError(`bins must be a whole number >= 1 (got ${binCount}).`);
  if (!(lowest >= 0 && lowest < 1)) throw new RangeError(`lowest must be in [0, 1) (got ${lowest}).`);
  const width = (1 - lowest) / binCount;
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const { confidence, correct } of predictions) {
    if (!(confidence >= 0 && confidence <= 1)) throw new RangeError(`A confidence must be in [0, 1] (got ${confidence}).`);
    const at = Math.min(binCount - 1, Math.max(0, Math.floor((confidence - lowest) / width)));
    sums[at]!.count++;
    sums[at]!.confidence += confidence;
    if (correct) sums[at]!.correct++;
  }
  let gap = 0;
  const bins = sums.map((s, b) => {
    if (s.count > 0) gap += Math.abs(s.correct - s.confidence);
    return {
      from: lowest + b * width,
      to: lowest + (b + 1) * width,
      count: s.count,
      meanConfidence: s.count > 0 ? s.confidence / s.count : null,
      accuracy: s.count > 0 ? s.correct / s.count : null,
    };
  });
  return { predictions: predictions.length, bins, ece: predictions.length > 0 ? gap / predictions.length : null };
}

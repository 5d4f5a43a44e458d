import { passed, refused, type CheckOutcome } from "./check-outcome";
import type { IngestDataType } from "./data-type";
import { DHASH_PARAMETERS, dHashBandKeys, hammingDistance, isDHash } from "./dhash";
import { decodeMinHashSignature, encodeMinHashSignature, estimatedJaccard, MINHASH_PARAMETERS, minHashBandKeys, minHashOfFingerprint, minHashSignature } from "./minhash";

// Exact and near duplicates. Finding candidates is the service's job (Sample by (campaignId, contentHash);
// SampleBand by (campaignId, bandKey)); deciding what they mean is here.

/** What a sample stores to be found again: Sample.similarityHash and one SampleBand row per band key. */
export type SimilarityFingerprint = { similarityHash: string; bandKeys: string[] };

export function textSimilarityFingerprint(text: string): SimilarityFingerprint {
  return similarityOfSignature(minHashSignature(text));
}

/** textSimilarityFingerprint of a text whose textFingerprint is already in hand. */
export function textSimilarityOfFingerprint(fingerprint: string): SimilarityFingerprint {
  return similarityOfSignature(minHashOfFingerprint(fingerprint));
}

function similarityOfSignature(signature: Uint32Array): SimilarityFingerprint {
  return { similarityHash: encodeMinHashSignature(signature), bandKeys: minHashBandKeys(signature) };
}

export function imageSimilarityFingerprint(dHash: string): SimilarityFingerprint {
  return { similarityHash: dHash, bandKeys: dHashBandKeys(dHash) };
}

export type StoredSimilarity = { sampleId: string; similarityHash: string };
/** `similarity` in [0, 1]: the estimated Jaccard similarity for text, 1 − distance/64 for images. */
export type NearDuplicateMatch = { sampleId: string; similarity: number };

/**
 * The most similar candidate that passes the near-duplicate threshold, or null. Ties go to the earlier
 * candidate in the given order (the service passes them oldest first, so the original wins). A candidate whose
 * similarityHash is not of this data type's shape (a row from older parameters) cannot be compared and is skipped.
 */
export function closestNearDuplicate(dataType: IngestDataType, similarityHash: string, candidates: readonly StoredSimilarity[]): NearDuplicateMatch | null {
  const similarityTo = dataType === "TEXT" ? textSimilarityTo(similarityHash) : imageSimilarityTo(similarityHash);
  let best: NearDuplicateMatch | null = null;
  for (const candidate of candidates) {
    const similarity = similarityTo(candidate.similarityHash);
    if (similarity !== null && (best === null || similarity > best.similarity)) best = { sampleId: candidate.sampleId, similarity };
  }
  return best;
}

function textSimilarityTo(own: string): (other: string) => number | null {
  const signature = decodeMinHashSignature(own);
  return (other) => {
    let theirs: Uint32Array;
    try {
      theirs = decodeMinHashSignature(other);
    } catch {
      return null;
    }
    const similarity = estimatedJaccard(signature, theirs);
    return similarity >= MINHASH_PARAMETERS.nearDuplicateJaccard ? similarity : null;
  };
}

function imageSimilarityTo(own: string): (other: string) => number | null {
  if (!isDHash(own)) throw new RangeError(`A dHash is 16 lowercase hex digits, got "${own}".`);
  return (other) => {
    if (!isDHash(other)) return null;
    const distance = hammingDistance(own, other);
    return distance <= DHASH_PARAMETERS.nearDuplicateDistance ? 1 - distance / DHASH_PARAMETERS.bits : null;
  };
}

/** Campaign.nearDuplicatePolicy: refuse outright, or accept into review flagged with the earlier sample. */
export type NearDuplicatePolicy = "REFUSE" | "FLAG";

export function checkNearDuplicate(match: NearDuplicateMatch | null, policy: NearDuplicatePolicy): CheckOutcome<{ nearDuplicateOfId: string | null }> {
  if (match === null) return passed({ nearDuplicateOfId: null });
  if (policy === "FLAG") return passed({ nearDuplicateOfId: match.sampleId });
  // Rounded down, so a pair at the threshold never reads as "100% similar".
  return refused("NEAR_DUPLICATE", { similarityPercent: Math.floor(match.similarity * 100) });
}

/** `existingSampleId`: the sample of this campaign with the same contentHash, if any. */
export function checkExactDuplicate(existingSampleId: string | null): CheckOutcome<null> {
  return existingSampleId === null ? passed(null) : refused("DUPLICATE_CONTENT", {});
}

import { describe, expect, it } from "vitest";
import {
  checkExactDuplicate,
  checkNearDuplicate,
  closestNearDuplicate,
  imageSimilarityFingerprint,
  textSimilarityFingerprint,
} from "@/lib/domain/ingest/duplicates";
import { contentHash } from "@/lib/domain/ingest/content-hash";
import { encodeMinHashSignature, MINHASH_PARAMETERS } from "@/lib/domain/ingest/minhash";
import { REVIEW, REVIEW_ONE_WORD_CHANGED, UNRELATED_REVIEW } from "../../fixtures/ingest/fixtures";

/** A toy SampleBand table: what the service does with (campaignId, bandKey) lookups. */
function candidatesFor(bandKeys: string[], stored: { sampleId: string; fingerprint: { similarityHash: string; bandKeys: string[] } }[]) {
  const wanted = new Set(bandKeys);
  return stored.filter((s) => s.fingerprint.bandKeys.some((k) => wanted.has(k))).map((s) => ({ sampleId: s.sampleId, similarityHash: s.fingerprint.similarityHash }));
}

describe("exact duplicates", () => {
  it("is one contentHash lookup: the same review, re-typed, is refused with 409", () => {
    const stored = new Map([[contentHash({ dataType: "TEXT", text: REVIEW }), "sample-1"]]);
    const resubmitted = `${REVIEW.toUpperCase()}\n`;
    const outcome = checkExactDuplicate(stored.get(contentHash({ dataType: "TEXT", text: resubmitted })) ?? null);
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "DUPLICATE_CONTENT", status: 409, message: "This campaign already has this exact content." } });
  });

  it("passes new content", () => {
    expect(checkExactDuplicate(null)).toEqual({ ok: true, value: null });
  });
});

describe("near duplicates: text, the confirmation threshold", () => {
  // Two signatures that agree in exactly `equal` of the 128 positions: an estimated Jaccard of equal/128.
  const pair = (equal: number) => {
    const a = Uint32Array.from({ length: MINHASH_PARAMETERS.permutations }, (_, i) => i + 1);
    const b = a.map((v, i) => (i < equal ? v : v + 1_000_000));
    return { own: encodeMinHashSignature(a), other: { sampleId: "earlier", similarityHash: encodeMinHashSignature(b) } };
  };

  it.each([
    { equal: 128, similarity: 1, match: true },
    { equal: 102, similarity: 102 / 128, match: true },
    { equal: 96, similarity: 0.75, match: true },
    { equal: 95, similarity: 95 / 128, match: false },
    { equal: 90, similarity: 90 / 128, match: false },
    { equal: 64, similarity: 0.5, match: false },
  ])("$equal of 128 positions equal ($similarity) → near duplicate: $match", ({ equal, similarity, match }) => {
    expect(MINHASH_PARAMETERS.nearDuplicateJaccard).toBe(0.75);
    const { own, other } = pair(equal);
    expect(closestNearDuplicate("TEXT", own, [other])).toEqual(match ? { sampleId: "earlier", similarity } : null);
  });
});

describe("near duplicates: text", () => {
  const stored = [
    { sampleId: "unrelated", fingerprint: textSimilarityFingerprint(UNRELATED_REVIEW) },
    { sampleId: "original", fingerprint: textSimilarityFingerprint(REVIEW) },
  ];

  it("finds the review with one word changed through the band index, and confirms it", () => {
    const mine = textSimilarityFingerprint(REVIEW_ONE_WORD_CHANGED);
    const candidates = candidatesFor(mine.bandKeys, stored);
    expect(candidates.map((c) => c.sampleId)).toEqual(["original"]);
    const match = closestNearDuplicate("TEXT", mine.similarityHash, candidates);
    expect(match?.sampleId).toBe("original");
    expect(match!.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it("finds nothing for an unrelated review", () => {
    const mine = textSimilarityFingerprint("Fast delivery and the headphones sound amazing, but the ear cushions get warm after an hour of use.");
    expect(candidatesFor(mine.bandKeys, stored)).toEqual([]);
    expect(closestNearDuplicate("TEXT", mine.similarityHash, stored.map((s) => ({ sampleId: s.sampleId, similarityHash: s.fingerprint.similarityHash })))).toBeNull();
  });

  it("skips candidates it cannot compare (another data type's hash)", () => {
    const mine = textSimilarityFingerprint(REVIEW);
    expect(closestNearDuplicate("TEXT", mine.similarityHash, [{ sampleId: "image", similarityHash: "0123456789abcdef" }])).toBeNull();
  });
});

describe("near duplicates: images", () => {
  it("confirms within 5 bits, prefers the closest, and breaks ties by order (oldest first)", () => {
    const mine = "00000000000000ff";
    const candidates = [
      { sampleId: "six-bits", similarityHash: "0000000000000003" },
      { sampleId: "two-bits-older", similarityHash: "000000000000003f" },
      { sampleId: "two-bits-newer", similarityHash: "00000000000003ff" },
      { sampleId: "five-bits", similarityHash: "0000000000000007" },
    ];
    expect(closestNearDuplicate("IMAGE", mine, candidates)).toEqual({ sampleId: "two-bits-older", similarity: 1 - 2 / 64 });
    expect(closestNearDuplicate("IMAGE", mine, candidates.slice(0, 1))).toBeNull();
  });

  it("exposes the dHash and its 6 band keys", () => {
    expect(imageSimilarityFingerprint("0123456789abcdef")).toEqual({ similarityHash: "0123456789abcdef", bandKeys: expect.any(Array) });
    expect(imageSimilarityFingerprint("0123456789abcdef").bandKeys).toHaveLength(6);
  });
});

describe("checkNearDuplicate: the campaign's policy", () => {
  const match = { sampleId: "s1", similarity: 0.859 };
  it.each([
    [null, "REFUSE", { ok: true, value: { nearDuplicateOfId: null } }],
    [null, "FLAG", { ok: true, value: { nearDuplicateOfId: null } }],
    [match, "FLAG", { ok: true, value: { nearDuplicateOfId: "s1" } }],
  ] as const)("match %j under %s passes", (m, policy, expected) => {
    expect(checkNearDuplicate(m, policy)).toEqual(expected);
  });

  it("refuses under REFUSE with 409, without naming the other sample", () => {
    const outcome = checkNearDuplicate(match, "REFUSE");
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "NEAR_DUPLICATE", status: 409, details: { similarityPercent: 85 } } });
    expect(JSON.stringify(outcome)).not.toContain("s1");
  });
});

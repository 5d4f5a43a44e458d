import { describe, expect, it } from "vitest";
import { computeVersionStats, reviewAgrees, type StatsSample } from "@/lib/domain/datasets/version-stats";
import { versionChangelog } from "@/lib/domain/datasets/changelog";

const sample = (over: Partial<StatsSample>): StatsSample => ({
  labels: "cat",
  posterior: null,
  sizeBytes: 1,
  contributorId: "c1",
  createdAt: new Date("2026-01-01T00:00:00Z"),
  reviews: [],
  ...over,
});

describe("reviewAgrees", () => {
  it.each([
    [{ verdict: "ACCEPT", label: "cat" }, "cat", true],
    [{ verdict: "ACCEPT", label: "dog" }, "cat", false],
    [{ verdict: "ACCEPT", label: null }, "cat", true],
    [{ verdict: "REJECT", label: "cat" }, "cat", false],
    [{ verdict: "REJECT", label: null }, "accepted", false],
  ] as const)("%j on %s -> %s", (review, label, agrees) => expect(reviewAgrees({ reviewerId: "r", ...review }, label)).toBe(agrees));
});

describe("computeVersionStats", () => {
  it("lists every schema label, counts distinct people and spans the collection dates", () => {
    const stats = computeVersionStats(
      [
        sample({ posterior: 1, contributorId: "c1", createdAt: new Date("2026-02-01T00:00:00Z"), reviews: [{ reviewerId: "r1", verdict: "ACCEPT", label: "cat" }] }),
        sample({ posterior: 0.5, contributorId: "c1", sizeBytes: 4, reviews: [{ reviewerId: "r2", verdict: "REJECT", label: null }] }),
      ],
      "single_label",
      ["cat", "dog"],
    );
    expect(stats).toEqual({
      sampleCount: 2,
      totalBytes: 5,
      labels: [
        { label: "cat", count: 2, agreement: 0.5 },
        { label: "dog", count: 0, agreement: null },
      ],
      meanPosterior: 0.75,
      contributors: 1,
      reviewers: 2,
      collectedFrom: "2026-01-01T00:00:00.000Z",
      collectedTo: "2026-02-01T00:00:00.000Z",
    });
  });

  it("counts a multi-label sample under each of its labels once", () => {
    const stats = computeVersionStats([sample({ labels: ["a", "b", "a"], reviews: [{ reviewerId: "r", verdict: "ACCEPT", label: null }] })], "multi_label", ["a", "b", "c"]);
    expect(stats.labels.map((l) => [l.label, l.count, l.agreement])).toEqual([["a", 1, 1], ["b", 1, 1], ["c", 0, null]]);
  });

  it("gives free text one 'accepted' row", () => {
    const stats = computeVersionStats([sample({ labels: "an answer" })], "free_text", []);
    expect(stats.labels).toEqual([{ label: "accepted", count: 1, agreement: null }]);
  });

  it("is empty-safe", () => {
    expect(computeVersionStats([], "single_label", ["x"])).toMatchObject({ sampleCount: 0, meanPosterior: null, collectedFrom: null });
  });
});

describe("versionChangelog", () => {
  it.each([
    ["first version", null, [{ sampleId: "a", labelJson: '"x"' }], { previousVersion: null, added: 1, removed: 0, relabelled: 0, unchanged: 0 }],
    [
      "adds, removes, relabels",
      { version: "v1", members: [{ sampleId: "a", labelJson: '"x"' }, { sampleId: "b", labelJson: '"x"' }, { sampleId: "c", labelJson: '"x"' }] },
      [{ sampleId: "a", labelJson: '"x"' }, { sampleId: "b", labelJson: '"y"' }, { sampleId: "d", labelJson: '"x"' }],
      { previousVersion: "v1", added: 1, removed: 1, relabelled: 1, unchanged: 1, examples: { added: ["d"], removed: ["c"], relabelled: ["b"] } },
    ],
  ] as const)("%s", (_name, previous, next, expected) => {
    expect(versionChangelog(previous, next)).toMatchObject(expected);
  });
});

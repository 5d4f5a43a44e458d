import { describe, expect, it } from "vitest";
import { goldClass, outcomeSpace, reviewClass, type ReviewStatement } from "../../../lib/domain/consensus";

const news = outcomeSpace({ kind: "single_label", labels: ["sports", "politics", "tech", "world"] });
const asLabeled = outcomeSpace({ kind: "multi_label", labels: ["a", "b"] });
const review = (verdict: "ACCEPT" | "REJECT", reason: string | null, label: string | null, contributorLabels: unknown = "sports"): ReviewStatement => ({ verdict, reason, label, contributorLabels });

describe("outcomeSpace", () => {
  it("gives a classification campaign one class per label, then unacceptable", () => {
    expect(news).toEqual({ kind: "labels", classNames: ["sports", "politics", "tech", "world", "unacceptable"], unacceptable: 4 });
  });
  it.each([["multi_label", { kind: "multi_label", labels: ["a", "b"] }], ["free_text", { kind: "free_text" }]])("judges a %s campaign as labeled", (_, schema) => {
    expect(outcomeSpace(schema)).toEqual({ kind: "as-labeled", classNames: ["unacceptable", "accepted as labeled"], unacceptable: 0 });
  });
});

describe("reviewClass: what a review votes for", () => {
  it.each<[string, ReviewStatement, number | null]>([
    ["accept: the contributor's label", review("ACCEPT", null, null), 0],
    ["accept with another label: that label", review("ACCEPT", null, "tech"), 2],
    ["reject, the label is wrong, naming politics: politics", review("REJECT", "wrong_label", "politics"), 1],
    ["reject, the label is wrong, naming none: unacceptable", review("REJECT", "wrong_label", null), 4],
    ["reject, the label is wrong, naming its own label (contradictory): unacceptable", review("REJECT", "wrong_label", "sports"), 4],
    ["reject for low quality: unacceptable, whatever label it names", review("REJECT", "low_quality", "tech"), 4],
    ["reject as unsafe: unacceptable", review("REJECT", "unsafe", null), 4],
    ["accept with a label outside the schema: nothing", review("ACCEPT", null, "weather"), null],
    ["accept of a sample whose label is not in the schema: nothing", review("ACCEPT", null, null, "weather"), null],
  ])("%s", (_, statement, expected) => expect(reviewClass(news, statement)).toBe(expected));

  it.each<[ReviewStatement, number]>([
    [review("ACCEPT", null, null, ["a"]), 1],
    [review("REJECT", "wrong_label", null, ["a"]), 0],
    [review("REJECT", "low_quality", null, ["a"]), 0],
  ])("in a campaign judged as labeled, %o votes %i", (statement, expected) => expect(reviewClass(asLabeled, statement)).toBe(expected));
});

describe("goldClass", () => {
  it.each<[string, { expectedVerdict: "ACCEPT" | "REJECT"; expectedLabel: string | null }, number | null]>([
    ["a known rejection is unacceptable", { expectedVerdict: "REJECT", expectedLabel: null }, 4],
    ["a known acceptance with its right label", { expectedVerdict: "ACCEPT", expectedLabel: "world" }, 3],
    ["a known acceptance as contributed", { expectedVerdict: "ACCEPT", expectedLabel: null }, 0],
  ])("%s", (_, gold, expected) => expect(goldClass(news, gold, "sports")).toBe(expected));
  it("is accept or unacceptable in a campaign judged as labeled", () => {
    expect(goldClass(asLabeled, { expectedVerdict: "ACCEPT", expectedLabel: null }, ["a"])).toBe(1);
    expect(goldClass(asLabeled, { expectedVerdict: "REJECT", expectedLabel: null }, ["a"])).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { decisionInWords, type DecisionStory } from "../../../lib/domain/consensus";

const story = (decision: DecisionStory["decision"], classPosterior: Record<string, number>, extra: Partial<DecisionStory> = {}): DecisionStory => ({
  decision,
  classPosterior,
  kind: "labels",
  unacceptable: "unacceptable",
  decidedClass: null,
  threshold: 0.9,
  reviews: 3,
  maxReviews: 5,
  ...extra,
});

describe("decisionInWords", () => {
  it.each<[string, DecisionStory, string]>([
    [
      "a split: the issue's own sentence",
      story("NEED_MORE_REVIEWS", { sports: 0.41, politics: 0.26, tech: 0.33, unacceptable: 0.001 }),
      "After 3 reviews: sports 41%, tech 33%, politics 26%; no label reached 90%, so a 4th review was requested.",
    ],
    ["an acceptance with a label", story("ACCEPT", { sports: 0.93, tech: 0.05, unacceptable: 0.02 }, { decidedClass: "sports", reviews: 4 }), "After 4 reviews: sports 93%, tech 5%, unacceptable 2%; sports reached the threshold of 90%, so the sample was accepted as sports."],
    ["a rejection", story("REJECT", { sports: 0.04, unacceptable: 0.96 }), "After 3 reviews: unacceptable 96%, sports 4%; unacceptable reached the threshold of 90%, so the sample was rejected."],
    [
      "an escalation",
      story("ESCALATE", { sports: 0.6, tech: 0.4 }, { reviews: 5 }),
      "After 5 reviews: sports 60%, tech 40%; no label reached 90% after the campaign's maximum of 5 reviews, so the sample was escalated.",
    ],
    [
      "a campaign judged as labeled",
      story("NEED_MORE_REVIEWS", { "accepted as labeled": 0.7, unacceptable: 0.3 }, { kind: "as-labeled", reviews: 1 }),
      "After 1 review: accepted as labeled 70%, unacceptable 30%; neither reached 90%, so a 2nd review was requested.",
    ],
    ["an acceptance as labeled", story("ACCEPT", { "accepted as labeled": 0.95, unacceptable: 0.05 }, { kind: "as-labeled", reviews: 12 }), 'After 12 reviews: accepted as labeled 95%, unacceptable 5%; "accepted as labeled" reached the threshold of 90%, so the sample was accepted.'],
  ])("%s", (_, input, words) => expect(decisionInWords(input)).toBe(words));

  it.each([
    [10, "11th"],
    [11, "12th"],
    [20, "21st"],
    [21, "22nd"],
  ])("counts review %i + 1 as the %s", (reviews, ordinal) => {
    expect(decisionInWords(story("NEED_MORE_REVIEWS", { a: 0.5, b: 0.5 }, { reviews, maxReviews: 30 }))).toContain(`a ${ordinal} review`);
  });
});

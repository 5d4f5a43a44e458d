import { describe, expect, it } from "vitest";
import { isCorrectAnswer, quizRetryAt, QUIZ_RETRY_AFTER_MS, scoreQuiz, type QuizAnswer, type QuizKey } from "@/lib/domain/reviews/quiz";
import { isBelowFloor, FLOOR_MIN_VOTES } from "@/lib/domain/reviews/reliability-floor";
import { agreeingReviewerIds } from "@/lib/domain/reviews/reviewer-fees";

const key = (expectedVerdict: "ACCEPT" | "REJECT", expectedLabel: string | null = null, contributorLabel: string | null = "positive"): QuizKey => ({ sampleId: "s", expectedVerdict, expectedLabel, contributorLabel });
const answer = (verdict: "ACCEPT" | "REJECT", label?: string): QuizAnswer => ({ sampleId: "s", verdict, ...(label ? { label } : {}) });

describe("isCorrectAnswer", () => {
  it.each([
    ["right verdict, no label known", key("ACCEPT"), answer("ACCEPT"), true],
    ["wrong verdict", key("ACCEPT"), answer("REJECT"), false],
    ["accept endorsing the contributor's right label", key("ACCEPT", "positive"), answer("ACCEPT"), true],
    ["accept endorsing the contributor's wrong label", key("ACCEPT", "neutral"), answer("ACCEPT"), false],
    ["accept naming the right label", key("ACCEPT", "neutral"), answer("ACCEPT", "neutral"), true],
    ["accept naming a wrong label", key("ACCEPT", "neutral"), answer("ACCEPT", "negative"), false],
    ["reject without a label", key("REJECT", "neutral"), answer("REJECT"), true],
    ["reject naming the right label", key("REJECT", "neutral"), answer("REJECT", "neutral"), true],
    ["reject naming a wrong label", key("REJECT", "neutral"), answer("REJECT", "positive"), false],
  ])("%s", (_, k, a, expected) => expect(isCorrectAnswer(k, a)).toBe(expected));
});

describe("scoreQuiz", () => {
  const keys: QuizKey[] = ["a", "b", "c", "d", "e"].map((sampleId) => ({ sampleId, expectedVerdict: "ACCEPT", expectedLabel: null, contributorLabel: null }));
  const answers = (wrong: number) => keys.map((k, i) => ({ sampleId: k.sampleId, verdict: i < wrong ? ("REJECT" as const) : ("ACCEPT" as const) }));
  it.each([
    [0, 0.8, 5, true],
    [1, 0.8, 4, true],
    [2, 0.8, 3, false],
    [0, 1, 5, true],
    [1, 1, 4, false],
  ])("%i wrong of 5 against a pass mark of %f", (wrong, passMark, correct, passed) => {
    expect(scoreQuiz(keys, answers(wrong), passMark)).toEqual({ correct, total: 5, passed });
  });
  it.each([
    ["a missing answer", answers(0).slice(1)],
    ["an answer twice", [...answers(0).slice(1), answers(0)[1]!]],
    ["an answer to another item", [...answers(0).slice(1), { sampleId: "z", verdict: "ACCEPT" as const }]],
  ])("refuses %s", (_, given) => expect(() => scoreQuiz(keys, given, 0.8)).toThrow(RangeError));
});

describe("quizRetryAt", () => {
  const failed = new Date("2026-12-01T12:00:00Z");
  it.each([
    ["never failed", null, failed, null],
    ["just failed", failed, new Date(failed.getTime() + 1), new Date(failed.getTime() + QUIZ_RETRY_AFTER_MS)],
    ["the hour is over", failed, new Date(failed.getTime() + QUIZ_RETRY_AFTER_MS), null],
  ])("%s", (_, last, now, expected) => expect(quizRetryAt(last, now)).toEqual(expected));
});

describe("isBelowFloor", () => {
  it.each([
    [FLOOR_MIN_VOTES - 1, 0.1, false],
    [FLOOR_MIN_VOTES, 0.49, true],
    [FLOOR_MIN_VOTES, 0.5, false],
    [100, 0.9, false],
  ])("%i votes at reliability %f against 0.5", (votes, reliability, expected) => expect(isBelowFloor({ votes, reliability }, 0.5)).toBe(expected));
});

describe("agreeingReviewerIds", () => {
  // Classes of a 3-label campaign: 0 sports, 1 politics, 2 tech, 3 unacceptable.
  const reviews = [
    { reviewerId: "b", voteClass: 0 },
    { reviewerId: "a", voteClass: 0 },
    { reviewerId: "c", voteClass: 3 },
    { reviewerId: "d", voteClass: 2 },
    { reviewerId: "e", voteClass: null },
  ];
  it.each<[string, number, string[]]>([
    ["accepted as sports: the accepts of sports", 0, ["a", "b"]],
    ["rejected: the votes for unacceptable", 3, ["c"]],
    ["accepted as tech: not those who vouched for sports", 2, ["d"]],
    ["accepted as politics: nobody", 1, []],
  ])("%s", (_, decidedClass, expected) => expect(agreeingReviewerIds(decidedClass, reviews)).toEqual(expected));
});

import { describe, expect, it } from "vitest";
import { checkLabels, labelValidator } from "@/lib/domain/ingest/label-validator";
import type { TLabelSchema } from "@/lib/schemas/label-schema";

const sentiment: TLabelSchema = { kind: "single_label", labels: ["positive", "negative", "neutral"] };
const topics: TLabelSchema = { kind: "multi_label", labels: ["food", "travel", "sport", "music"], maxLabels: 2 };
const caption: TLabelSchema = { kind: "free_text", prompt: "Describe the picture", minLength: 3, maxLength: 20 };

const problemsOf = (schema: TLabelSchema, input: unknown) => {
  const outcome = checkLabels(schema, input);
  return outcome.ok ? [] : (outcome.refusal.details as { problems: string[] }).problems;
};

describe("labelValidator: single_label", () => {
  it.each([
    ["positive", "positive"],
    ["  neutral ", "neutral"],
  ])("accepts %j as %j", (input, output) => {
    expect(labelValidator(sentiment).parse(input)).toBe(output);
  });

  it("refuses a label outside the schema, listing the labels", () => {
    expect(problemsOf(sentiment, "cat")).toEqual(["'cat' is not one of the labels of this campaign: positive, negative, neutral."]);
  });

  it.each([["Positive"], [""], [["positive"]], [1], [null], [undefined]])("refuses %j", (input) => {
    expect(problemsOf(sentiment, input)).toHaveLength(1);
  });

  it("bounds how much of a hostile input it echoes", () => {
    const [problem] = problemsOf(sentiment, "x".repeat(10_000));
    expect(problem!.length).toBeLessThan(150);
  });
});

describe("labelValidator: multi_label", () => {
  it.each([
    [["food"], ["food"]],
    [[" travel", "music "], ["travel", "music"]],
  ])("accepts %j", (input, output) => {
    expect(labelValidator(topics).parse(input)).toEqual(output);
  });

  it.each([
    ["an empty choice", [], ["Choose at least one label: food, travel, sport, music."]],
    ["an unknown label", ["food", "cats"], ["'cats' is not one of the labels of this campaign: food, travel, sport, music."]],
    ["a repeated label", ["food", "food"], ["'food' is chosen more than once."]],
    ["too many labels", ["food", "travel", "sport"], ["Choose at most 2 labels; 3 are chosen."]],
    [
      "several problems at once",
      ["dogs", "dogs", "food", "food"],
      ["'dogs' is not one of the labels of this campaign: food, travel, sport, music.", "'food' is chosen more than once.", "Choose at most 2 labels; 4 are chosen."],
    ],
    ["a single string instead of a list", "food", ["Choose one or more labels: food, travel, sport, music."]],
  ])("refuses %s", (_name, input, problems) => {
    expect(problemsOf(topics, input)).toEqual(problems);
  });

  it("defaults maxLabels to every label", () => {
    const all: TLabelSchema = { kind: "multi_label", labels: ["a", "b", "c"] };
    expect(labelValidator(all).safeParse(["a", "b", "c"]).success).toBe(true);
  });
});

describe("labelValidator: free_text", () => {
  it("accepts an answer within bounds, trimmed and NFC-normalised", () => {
    expect(labelValidator(caption).parse("  a cafe\u0301 ")).toBe("a café");
  });

  it.each([
    ["too short after trimming", "  ab  ", "The answer must be at least 3 characters long; it is 2."],
    ["too long", "x".repeat(21), "The answer must be at most 20 characters long; it is 21."],
    ["a control character", "a\u0000bc", "The answer contains the control character U+0000 (NUL); only tabs and line breaks are allowed."],
    ["not text", 42, "Write the answer as text."],
  ])("refuses an answer %s", (_name, input, problem) => {
    expect(problemsOf(caption, input)).toEqual([problem]);
  });
});

describe("checkLabels", () => {
  it("refuses with LABELS_INVALID, 422, and every problem in the message", () => {
    const outcome = checkLabels(topics, ["x", "food", "food"]);
    expect(outcome).toMatchObject({
      ok: false,
      refusal: {
        code: "LABELS_INVALID",
        status: 422,
        message: "'x' is not one of the labels of this campaign: food, travel, sport, music. 'food' is chosen more than once. Choose at most 2 labels; 3 are chosen.",
      },
    });
  });

  it("passes the normalised labels on", () => {
    expect(checkLabels(sentiment, " negative")).toEqual({ ok: true, value: "negative" });
  });
});

import { describe, expect, it } from "vitest";
import { slugFromTitle } from "@/lib/domain/campaigns/slug";
import { ZCampaignInput, campaignFieldErrors, campaignInputFromForm } from "@/lib/schemas/campaign";

const GOOD: Record<string, string> = {
  title: "Bird calls",
  slug: "bird-calls",
  description: "Describe the bird call you hear.",
  dataType: "TEXT",
  labelKind: "single_label",
  labels: "songbird, raptor",
  licence: "CC-BY-4.0",
  reward: "1",
  budget: "100",
  targetSamples: "10",
  reviewsPerItem: "3",
  maxReviews: "5",
  acceptThreshold: "0.9",
  status: "OPEN",
  nearDuplicatePolicy: "REFUSE",
  maxPendingPerContributor: "100",
  textMinLength: "1",
  textMaxLength: "500",
};

function errorsFor(patch: Record<string, string>): Record<string, string> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...GOOD, ...patch })) form.set(k, v);
  const parsed = ZCampaignInput.safeParse(campaignInputFromForm(form));
  return parsed.success ? {} : campaignFieldErrors(parsed.error);
}

describe("campaign form errors are plain sentences per field", () => {
  it("accepts the good form", () => expect(errorsFor({})).toEqual({}));

  it.each([
    [{ labels: "songbird" }, "labels", "Give at least two labels"],
    [{ labels: "" }, "labels", "Give at least two labels"],
    [{ labels: Array.from({ length: 51 }, (_, i) => `l${i}`).join(",") }, "labels", "Give at most 50 labels"],
    [{ labels: `songbird, ${"x".repeat(65)}` }, "labels", "Keep each label to 64 characters or fewer"],
    [{ labels: "Songbird, songbird" }, "labels", "Each label must be different from the others"],
    [{ labelKind: "multi_label", maxLabels: "0" }, "maxLabels", "Max labels per item must be at least 1"],
    [{ labelKind: "free_text", prompt: "" }, "prompt", "Write the prompt contributors see"],
    [{ targetSamples: "abc" }, "targetSamples", "The target must be a number"],
    [{ reviewsPerItem: "0" }, "reviewsPerItem", "Reviews per sample must be at least 1"],
    [{ reviewsPerItem: "12" }, "reviewsPerItem", "Reviews per sample must be at most 9"],
    [{ reviewsPerItem: "1.5" }, "reviewsPerItem", "Reviews per sample must be a whole number"],
    [{ status: "LIVE" }, "status", "Pick one of the offered values for the status"],
    [{ title: "x".repeat(121) }, "title", "Keep the title to 120 characters or fewer"],
    [{ title: "ab" }, "title", "Give the campaign a title of at least 3 characters"],
  ])("%j → %s: %s", (patch, field, sentence) => {
    const errors = errorsFor(patch);
    expect(errors[field]).toBe(sentence);
    for (const message of Object.values(errors)) expect(message).not.toMatch(/Too small|Too big|Invalid input|expected/);
  });
});

describe("the URL name a title suggests", () => {
  it.each([
    ["Bird calls, transcribed", "bird-calls-transcribed"],
    ["  Crème brûlée photos!  ", "creme-brulee-photos"],
    ["Street signs -- in the wild", "street-signs-in-the-wild"],
    ["???", ""],
    ["a".repeat(70), "a".repeat(60)],
    [`${"word ".repeat(11)}end`, "word-word-word-word-word-word-word-word-word-word-word-end".slice(0, 60).replace(/-+$/, "")],
  ])("%j → %j", (title, slug) => expect(slugFromTitle(title)).toBe(slug));
});

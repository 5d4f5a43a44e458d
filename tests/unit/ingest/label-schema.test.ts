import { describe, expect, it } from "vitest";
import { ZLabelSchema } from "@/lib/schemas/label-schema";

describe("ZLabelSchema", () => {
  it.each([
    { kind: "single_label", labels: ["positive", "negative", "neutral"] },
    { kind: "multi_label", labels: ["a", "b", "c"], maxLabels: 3 },
    { kind: "multi_label", labels: ["a", "b"] },
    { kind: "free_text", prompt: "Describe it", minLength: 5, maxLength: 5 },
  ])("accepts %j", (schema) => {
    expect(ZLabelSchema.safeParse(schema).success).toBe(true);
  });

  it.each([
    ["labels that differ only in case", { kind: "single_label", labels: ["Cat", "cat"] }, ["labels"]],
    ["labels equal after trimming", { kind: "multi_label", labels: ["dog", " dog "] }, ["labels"]],
    ["maxLabels above the number of labels", { kind: "multi_label", labels: ["a", "b"], maxLabels: 3 }, ["maxLabels"]],
    ["a free-text minimum above the maximum", { kind: "free_text", prompt: "p", minLength: 10, maxLength: 5 }, ["maxLength"]],
  ])("refuses %s", (_name, schema, path) => {
    const result = ZLabelSchema.safeParse(schema);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([path]);
  });
});

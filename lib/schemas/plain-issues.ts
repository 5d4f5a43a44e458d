import type { z } from "zod";

// zod's own messages ("Too small: expected array to have >=2 items") are for programmers. A form shows a sentence
// per field instead: ours where the schema gives one, otherwise one built here from the issue and the field's name.

type Issue = z.core.$ZodIssue;

/** zod's default messages start like this; a schema's own messages never do. */
const ZOD_DEFAULT = /^(Too small|Too big|Invalid|Expected|Required)/;

export type FieldWords = { name: string; unit?: string; sentences?: Partial<Record<"too_small" | "too_big" | "invalid", string>> };

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** One plain sentence for an issue of a field whose words are given. */
export function plainIssue(issue: Issue, words: FieldWords): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  if (issue.code === "too_small") {
    if (words.sentences?.too_small) return words.sentences.too_small;
    const min = Number(issue.minimum);
    if (issue.origin === "string") return min <= 1 ? `Fill in ${lower(words.name)}` : `${words.name} needs at least ${plural(min, "character")}`;
    if (issue.origin === "array") return `Give at least ${plural(min, words.unit ?? "item")}`;
    return `${words.name} must be at least ${min}`;
  }
  if (issue.code === "too_big") {
    if (words.sentences?.too_big) return words.sentences.too_big;
    const max = Number(issue.maximum);
    if (issue.origin === "string") return `Keep ${lower(words.name)} to ${plural(max, "character")} or fewer`;
    if (issue.origin === "array") return `Give at most ${plural(max, words.unit ?? "item")}`;
    return `${words.name} must be at most ${max}`;
  }
  if (words.sentences?.invalid) return words.sentences.invalid;
  if (issue.code === "invalid_type" && issue.expected === "number") return `${words.name} must be a number`;
  if (issue.code === "invalid_type" && issue.expected === "int") return `${words.name} must be a whole number`;
  if (issue.code === "invalid_value") return `Pick one of the offered values for ${lower(words.name)}`;
  return `${words.name} is not valid`;
}

function lower(name: string): string {
  return name.replace(/^The /, "the ").replace(/^([A-Z])(?=[a-z])/, (c) => c.toLowerCase());
}

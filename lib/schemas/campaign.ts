import { parseUnits } from "viem";
import { z } from "zod";
import { plainIssue, type FieldWords } from "./plain-issues";
import { ZLabelSchema } from "./label-schema";

export const CAMPAIGN_LICENCES = ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CC-BY-NC-4.0", "ODC-By-1.0", "MIT", "Apache-2.0"] as const;

/** A DATA amount typed by a person ("2.5"), turned into wei; never through a float. */
export const dataAmount = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,18})?$/, `${what} must be a number of DATA, like 2 or 0.5`)
    .transform((v) => parseUnits(v, 18))
    .refine((wei) => wei > 0n, `${what} must be more than 0`);

/** Like dataAmount, but 0 is allowed (a campaign may pay reviewers nothing). */
const dataAmountOrZero = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,18})?$/, `${what} must be a number of DATA, like 0.1 or 0`)
    .transform((v) => parseUnits(v, 18));

/** The reviewer fee when a form or a caller gives none: 0.1 DATA, the schema's default. */
export const DEFAULT_REVIEWER_FEE = "0.1";

export const ZCampaignInput = z
  .object({
    title: z.string().trim().min(3, "Give the campaign a title of at least 3 characters").max(120),
    slug: z
      .string()
      .trim()
      .min(3, "The URL name needs at least 3 characters")
      .max(60)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes"),
    description: z.string().trim().min(10, "Describe what to contribute in at least 10 characters").max(5000),
    dataType: z.enum(["TEXT", "IMAGE"], { error: "Pick a data type" }),
    labelSchema: ZLabelSchema,
    rewardWei: dataAmount("The reward"),
    budgetWei: dataAmount("The budget"),
    targetSamples: z.coerce.number().int().min(1, "The target must be at least 1 sample").max(10_000_000),
    reviewsPerItem: z.coerce.number().int().min(1).max(9),
    maxReviews: z.coerce.number().int().min(1).max(15),
    // At 0.5 or below two outcomes could both reach it: accepted with a label, and another label or unacceptable.
    acceptThreshold: z.coerce.number().gt(0.5, "The threshold must be above 0.5 and at most 1").max(1, "The threshold must be above 0.5 and at most 1"),
    licence: z.enum(CAMPAIGN_LICENCES, { error: "Pick a licence" }),
    status: z.enum(["DRAFT", "OPEN", "CLOSED"]),
    nearDuplicatePolicy: z.enum(["REFUSE", "FLAG"]),
    maxPendingPerContributor: z.coerce.number().int().min(1).max(100_000),
    textMinLength: z.coerce.number().int().min(1).max(100_000),
    textMaxLength: z.coerce.number().int().min(1).max(100_000),
    reviewerFeeWei: dataAmountOrZero("The reviewer fee").default(parseUnits(DEFAULT_REVIEWER_FEE, 18)),
    goldRate: z.coerce.number().min(0, "The gold rate must be between 0 and 0.5").max(0.5, "The gold rate must be between 0 and 0.5").default(0.1),
    quizSize: z.coerce.number().int().min(1, "The quiz needs 1 to 20 items").max(20, "The quiz needs 1 to 20 items").default(5),
    quizPassMark: z.coerce.number().min(0.5, "The pass mark must be between 0.5 and 1").max(1, "The pass mark must be between 0.5 and 1").default(0.8),
    reliabilityFloor: z.coerce.number().min(0, "The floor must be between 0 and 0.95").max(0.95, "The floor must be between 0 and 0.95").default(0.5),
  })
  .superRefine((v, ctx) => {
    if (v.budgetWei < v.rewardWei) ctx.addIssue({ code: "custom", path: ["budgetWei"], message: "The budget must cover at least one reward" });
    if (v.maxReviews < v.reviewsPerItem) ctx.addIssue({ code: "custom", path: ["maxReviews"], message: "The maximum must be at least the initial number of reviews" });
    if (v.textMaxLength < v.textMinLength) ctx.addIssue({ code: "custom", path: ["textMaxLength"], message: "The maximum length must be at least the minimum" });
  });

export type TCampaignInput = z.infer<typeof ZCampaignInput>;

/** Turns the admin form's flat fields (labels as one comma-separated string) into the shape ZCampaignInput expects. */
export function campaignInputFromForm(form: FormData): Record<string, unknown> {
  const get = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const kind = get("labelKind");
  const labels = (get("labels") ?? "")
    .split(",")
    .map((l) => l.trim())
    .filter(Boolean);
  const labelSchema =
    kind === "free_text"
      ? { kind, prompt: get("prompt") ?? "", minLength: Number(get("answerMin") ?? 1), maxLength: Number(get("answerMax") ?? 500) }
      : kind === "multi_label"
        ? { kind, labels, ...(get("maxLabels") ? { maxLabels: Number(get("maxLabels")) } : {}) }
        : { kind: "single_label", labels };
  return {
    title: get("title"),
    slug: get("slug"),
    description: get("description"),
    dataType: get("dataType"),
    labelSchema,
    rewardWei: get("reward"),
    budgetWei: get("budget"),
    targetSamples: get("targetSamples"),
    reviewsPerItem: get("reviewsPerItem"),
    maxReviews: get("maxReviews"),
    acceptThreshold: get("acceptThreshold"),
    licence: get("licence"),
    status: get("status"),
    nearDuplicatePolicy: get("nearDuplicatePolicy"),
    maxPendingPerContributor: get("maxPendingPerContributor"),
    textMinLength: get("textMinLength"),
    textMaxLength: get("textMaxLength"),
    reviewerFeeWei: get("reviewerFee"),
    goldRate: get("goldRate"),
    quizSize: get("quizSize"),
    quizPassMark: get("quizPassMark"),
    reliabilityFloor: get("reliabilityFloor"),
  };
}

const FIELD_WORDS: Record<string, FieldWords> = {
  title: { name: "The title" },
  slug: { name: "The URL name" },
  description: { name: "The description" },
  dataType: { name: "The data type" },
  labels: { name: "The labels", unit: "label", sentences: { too_small: "Give at least two labels", too_big: "Give at most 50 labels" } },
  label: { name: "Each label", sentences: { too_small: "Labels cannot be empty", too_big: "Keep each label to 64 characters or fewer" } },
  maxLabels: { name: "Max labels per item" },
  prompt: { name: "The prompt", sentences: { too_small: "Write the prompt contributors see", too_big: "Keep the prompt to 500 characters or fewer" } },
  answerMin: { name: "The answer min length" },
  answerMax: { name: "The answer max length" },
  reward: { name: "The reward" },
  budget: { name: "The budget" },
  targetSamples: { name: "The target" },
  reviewsPerItem: { name: "Reviews per sample" },
  maxReviews: { name: "Max reviews" },
  acceptThreshold: { name: "The threshold" },
  licence: { name: "The licence" },
  status: { name: "The status" },
  nearDuplicatePolicy: { name: "The near-duplicate policy" },
  maxPendingPerContributor: { name: "Max pending per contributor" },
  textMinLength: { name: "Text min" },
  textMaxLength: { name: "Text max" },
  reviewerFee: { name: "The reviewer fee" },
  goldRate: { name: "The gold rate" },
  quizSize: { name: "Quiz items" },
  quizPassMark: { name: "The quiz pass mark" },
  reliabilityFloor: { name: "The reliability floor" },
};

const LABEL_SCHEMA_FIELDS: Record<string, string> = { prompt: "prompt", maxLabels: "maxLabels", minLength: "answerMin", maxLength: "answerMax" };

/** The form field an issue belongs to (the form's names differ from the schema's for amounts and the label schema). */
function formField(path: readonly PropertyKey[]): string {
  const [head, second, third] = path.map(String);
  if (head === "rewardWei") return "reward";
  if (head === "reviewerFeeWei") return "reviewerFee";
  if (head === "budgetWei") return "budget";
  if (head === "labelSchema") return second === "labels" && third !== undefined ? "label" : (LABEL_SCHEMA_FIELDS[second ?? ""] ?? "labels");
  return head ?? "form";
}

/** Field errors keyed by form field name, for useActionState forms: one plain sentence each, never zod's wording. */
export function campaignFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = formField(issue.path);
    const message = plainIssue(issue, FIELD_WORDS[field] ?? { name: "This field" });
    // A single label's problem is shown on the labels field.
    out[field === "label" ? "labels" : field] ??= message;
  }
  return out;
}

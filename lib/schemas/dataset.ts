import { z } from "zod";
import { dataAmount } from "./campaign";

const slug = z
  .string()
  .trim()
  .min(3, "The URL name needs at least 3 characters")
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes");

export const ZDatasetInput = z.object({
  campaignId: z.string().min(1, "Pick a campaign"),
  name: z.string().trim().min(3, "Give the dataset a name of at least 3 characters").max(120),
  slug,
  description: z.string().trim().min(10, "Describe the dataset in at least 10 characters").max(5000),
});
export type TDatasetInput = z.infer<typeof ZDatasetInput>;

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-01")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Not a real date");

/** Which accepted samples of the campaign a version takes. Dates are collection (upload) days, UTC, inclusive. */
export const ZVersionFilters = z
  .object({
    minPosterior: z.coerce.number().min(0, "Between 0 and 1").max(1, "Between 0 and 1").default(0),
    /** Empty: every label. */
    labels: z.array(z.string().min(1).max(64)).max(50).default([]),
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { error: "The end date must not be before the start date", path: ["to"] });
export type TVersionFilters = z.infer<typeof ZVersionFilters>;

export const ZDraftVersionInput = z.object({
  filters: ZVersionFilters,
  priceWei: dataAmount("The price"),
});
export type TDraftVersionInput = z.infer<typeof ZDraftVersionInput>;

/** The form's fields (labels as repeated checkboxes, empty dates omitted) as the input object. */
export function draftVersionInputFromForm(form: FormData): unknown {
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" && v.trim() !== "" ? v : undefined;
  };
  return {
    filters: { minPosterior: text("minPosterior") ?? "0", labels: form.getAll("labels").filter((v) => typeof v === "string"), from: text("from"), to: text("to") },
    priceWei: text("price") ?? "",
  };
}

/** Filters as stored in DatasetVersion.filters (JSON). */
export function parseStoredFilters(value: unknown): TVersionFilters {
  return ZVersionFilters.parse(value ?? {});
}

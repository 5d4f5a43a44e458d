import { z } from "zod";

// A campaign's label schema is stored as data (Campaign.labelSchema) and validated with this on the way in and out.
// The samples' labels are checked against it by labelValidator (lib/domain/ingest/label-validator.ts).
const labelName = z.string().trim().min(1).max(64);

/** Two labels that differ only in case would be indistinguishable to reviewers and in the consensus. */
function hasDuplicateLabels(labels: string[]): boolean {
  return new Set(labels.map((l) => l.toLowerCase())).size !== labels.length;
}
const uniqueLabels = { error: "Each label must be different from the others", path: ["labels"] };

export const ZLabelSchema = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("single_label"), labels: z.array(labelName).min(2).max(50) })
    .refine((s) => !hasDuplicateLabels(s.labels), uniqueLabels),
  z
    .object({ kind: z.literal("multi_label"), labels: z.array(labelName).min(2).max(50), maxLabels: z.number().int().min(1).optional() })
    .refine((s) => !hasDuplicateLabels(s.labels), uniqueLabels)
    .refine((s) => s.maxLabels === undefined || s.maxLabels <= s.labels.length, {
      error: "The maximum number of labels per sample cannot exceed the number of labels",
      path: ["maxLabels"],
    }),
  z
    .object({ kind: z.literal("free_text"), prompt: z.string().min(1).max(500), minLength: z.number().int().min(1), maxLength: z.number().int().max(10_000) })
    .refine((s) => s.minLength <= s.maxLength, { error: "The maximum answer length must be at least the minimum", path: ["maxLength"] }),
]);
export type TLabelSchema = z.infer<typeof ZLabelSchema>;
export type TLabelKind = TLabelSchema["kind"];

/**
 * The shape of Sample.labels for each kind: the chosen label, the chosen labels, or the written answer.
 * labelValidator (lib/domain/ingest/label-validator.ts) checks a value against a campaign's schema.
 */
export type TSampleLabelsFor<K extends TLabelKind> = K extends "multi_label" ? string[] : string;
export type TSampleLabels = TSampleLabelsFor<TLabelKind>;

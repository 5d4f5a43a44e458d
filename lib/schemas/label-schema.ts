import { z } from "zod";

// A campaign's label schema is stored as data (Campaign.labelSchema) and validated with this on the way in and out.
const labelName = z.string().trim().min(1).max(64);

export const ZLabelSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("single_label"), labels: z.array(labelName).min(2).max(50) }),
  z.object({ kind: z.literal("multi_label"), labels: z.array(labelName).min(2).max(50), maxLabels: z.number().int().min(1).optional() }),
  z.object({ kind: z.literal("free_text"), prompt: z.string().min(1).max(500), minLength: z.number().int().min(1), maxLength: z.number().int().max(10_000) }),
]);
export type TLabelSchema = z.infer<typeof ZLabelSchema>;

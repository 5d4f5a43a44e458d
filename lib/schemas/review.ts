import { z } from "zod";

// What a reviewer sends with a verdict. Shared by the review page's server actions and the services, so that the
// keyboard UI, the actions and the tests refuse the same input with the same sentences.

/** Why a sample is rejected: a short, closed list, so rejections can be counted and explained to contributors. */
export const REJECT_REASONS = {
  wrong_label: "The label is wrong",
  low_quality: "Low quality or unreadable",
  off_topic: "Does not fit the campaign",
  unsafe: "Personal data or unsafe content",
} as const;
export type TRejectReason = keyof typeof REJECT_REASONS;
export const REJECT_REASON_VALUES = Object.keys(REJECT_REASONS) as [TRejectReason, ...TRejectReason[]];

/** Undo is for slips of the finger: a short window, so that a decision does not wait on it for long. */
export const UNDO_WINDOW_MS = 10_000;

const ZVerdictFields = z.object({
  verdict: z.enum(["ACCEPT", "REJECT"], { error: "The verdict must be accept or reject." }),
  reason: z.enum(REJECT_REASON_VALUES, { error: `Pick a reason: ${Object.values(REJECT_REASONS).join(", ").toLowerCase()}.` }).optional(),
  label: z.string().trim().min(1).max(64).optional(),
});

function verdictRules(v: { verdict: "ACCEPT" | "REJECT"; reason?: string }, ctx: z.RefinementCtx): void {
  if (v.verdict === "REJECT" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why you reject this sample." });
  if (v.verdict === "ACCEPT" && v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "A reason is only for rejections." });
}

export const ZVerdictInput = ZVerdictFields.extend({ sampleId: z.string().min(1, "Which sample is this verdict for?").max(64) }).superRefine(verdictRules);
/** A verdict without the sample it is for: the review client names its task instead (ZTaskRef). */
export const ZVerdictChoice = ZVerdictFields.superRefine(verdictRules);
export type TVerdictInput = z.infer<typeof ZVerdictInput>;

export const ZSampleRef = z.object({ sampleId: z.string().min(1).max(64) });

/**
 * What the review client names a held sample by: its `taskId` (the opaque assignment id it was served). `sampleId` is
 * still taken from older clients; it tells the server nothing it does not know.
 */
export const ZTaskRef = z
  .object({ taskId: z.string().min(1).max(64).optional(), sampleId: z.string().min(1).max(64).optional() })
  .refine((v) => v.taskId !== undefined || v.sampleId !== undefined, { path: ["taskId"], message: "Which task is this for? Send the taskId you were served." });
export type TTaskRef = z.infer<typeof ZTaskRef>;

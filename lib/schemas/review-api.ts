import { z } from "zod";
import { ZTaskRef, ZVerdictChoice } from "./review";
import { ZQuizSubmission } from "./quiz";

// Bodies of the review API (app/api/review/*). The desk's own schemas decide what a verdict is; these add what a
// program needs: a field the API does not know is refused by name (a typo such as `labels` must not silently become a
// verdict without a label), and a verdict may be written in any case.

function onlyKeys(keys: readonly string[]) {
  return z.unknown().superRefine((value, ctx) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: "custom", message: "The body must be a JSON object.", input: value });
      return;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) ctx.addIssue({ code: "custom", path: [key], message: `Unknown field '${key.slice(0, 40)}'. Send only: ${keys.join(", ")}.`, input: value });
    }
  });
}

function strictly<T extends z.ZodType>(keys: readonly string[], schema: T) {
  return onlyKeys(keys).pipe(schema);
}

/** POST /api/review/next: optionally one campaign, by slug or id. */
export const ZApiClaim = strictly(["campaign"], z.object({ campaign: z.string({ error: "Name the campaign by its slug or id." }).trim().min(1).max(64).optional() }));

/**
 * POST /api/review/verdicts. `next: true` also claims the caller's next sample of the same campaign and returns it,
 * so a program reviews in one round trip per sample.
 */
export const ZApiVerdict = strictly(
  ["taskId", "sampleId", "verdict", "reason", "label", "next"],
  z.intersection(
    z.intersection(
      z.preprocess((v) => {
        const body = v as Record<string, unknown>;
        return typeof body.verdict === "string" ? { ...body, verdict: body.verdict.toUpperCase() } : body;
      }, ZVerdictChoice),
      ZTaskRef,
    ),
    z.object({ next: z.boolean({ error: "next is true (claim the next sample too) or false." }).optional() }),
  ),
);

/** POST /api/review/undo and /api/review/skip. */
export const ZApiTaskRef = strictly(["taskId", "sampleId"], ZTaskRef);

/** POST /api/review/quiz/<campaign>. */
export const ZApiQuizSubmission = strictly(["attemptId", "answers"], ZQuizSubmission);

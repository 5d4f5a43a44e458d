import { z } from "zod";

export const ZQuizStart = z.object({ campaignId: z.string().min(1, "Which campaign's quiz?").max(64) });

export const ZQuizSubmission = z.object({
  attemptId: z.string().min(1, "Which quiz is this?").max(64),
  answers: z
    .array(
      z.object({
        /** The item's position in the sitting: a quiz never names its gold samples to the browser. */
        item: z.number().int().min(0).max(19),
        verdict: z.enum(["ACCEPT", "REJECT"], { error: "Each answer must be accept or reject." }),
        label: z.string().trim().min(1).max(64).optional(),
      }),
    )
    .min(1, "Answer the quiz items first.")
    .max(20),
});
export type TQuizSubmission = z.infer<typeof ZQuizSubmission>;

export const ZGoldInput = z.object({
  sampleId: z.string().min(1, "Which sample?").max(64),
  expectedVerdict: z.enum(["ACCEPT", "REJECT"], { error: "The known answer must be accept or reject." }),
  expectedLabel: z.string().trim().max(64).optional().transform((v) => (v ? v : undefined)),
});

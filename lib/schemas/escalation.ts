import { z } from "zod";

export const ZResolveEscalation = z.object({
  sampleId: z.string().min(1, "Which sample?").max(64),
  outcome: z.enum(["ACCEPT", "REJECT"], { error: "Resolve it as accept or reject." }),
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional().transform((v) => (v ? v : null)),
});

import { z } from "zod";

export const ZSignIn = z.object({
  message: z.string().min(1, "The SIWE message is required").max(4096),
  signature: z.string().min(1, "The signature is required").max(1024),
});
export type TSignIn = z.infer<typeof ZSignIn>;

"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { requireUser } from "@/lib/server/auth/session";
import { setWorkerPaused } from "@/lib/server/payouts/set-worker-paused";

const ZSetPaused = z.object({ paused: z.enum(["true", "false"]) });

export type PauseState = { message: string | null; ok: boolean };

/** A server action is a public endpoint: the service checks that the caller is an admin. */
export async function setWorkerPausedAction(_prev: PauseState, form: FormData): Promise<PauseState> {
  const parsed = ZSetPaused.safeParse({ paused: form.get("paused") });
  if (!parsed.success) return { ok: false, message: "Invalid request." };
  try {
    await setWorkerPaused(await requireUser(), parsed.data.paused === "true");
  } catch (error) {
    return { ok: false, message: isAppError(error) ? error.message : "Could not change the worker. Please try again." };
  }
  revalidatePath("/admin/payouts");
  return { ok: true, message: parsed.data.paused === "true" ? "Worker paused." : "Worker resumed." };
}

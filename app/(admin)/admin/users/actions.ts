"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { requireUser } from "@/lib/server/auth/session";
import { setReviewerRole } from "@/lib/server/users/set-reviewer-role";

const ZSetReviewer = z.object({ userId: z.string().min(1), grant: z.enum(["true", "false"]) });

export type ActionState = { message: string | null; ok: boolean };

/** A server action is a public endpoint: the service checks that the caller is an admin. */
export async function setReviewerAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = ZSetReviewer.safeParse({ userId: form.get("userId"), grant: form.get("grant") });
  if (!parsed.success) return { ok: false, message: "Invalid request." };
  try {
    const actor = await requireUser();
    await setReviewerRole(actor, parsed.data.userId, parsed.data.grant === "true");
  } catch (error) {
    return { ok: false, message: isAppError(error) ? error.message : "Could not change the role. Please try again." };
  }
  revalidatePath("/admin/users");
  return { ok: true, message: parsed.data.grant === "true" ? "Reviewer role granted." : "Reviewer role revoked." };
}

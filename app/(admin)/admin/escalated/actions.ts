"use server";
import { revalidatePath } from "next/cache";
import type { FormState } from "@/app/(admin)/admin/_components/action-form";
import { runAction } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { resolveEscalation } from "@/lib/server/reviews/resolve-escalation";

/** A public endpoint: resolveEscalation checks that the caller is an admin. */
export async function resolveEscalationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(async () =>
    resolveEscalation(await requireUser(), { sampleId: form.get("sampleId"), outcome: form.get("outcome"), note: form.get("note") ?? undefined }),
  );
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/admin/escalated");
  return { ok: true, message: form.get("outcome") === "ACCEPT" ? "Accepted." : "Rejected." };
}

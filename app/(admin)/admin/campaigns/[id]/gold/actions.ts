"use server";
import { revalidatePath } from "next/cache";
import type { FormState } from "@/app/(admin)/admin/_components/action-form";
import { runAction } from "@/app/_lib/action-result";
import { requireUser } from "@/lib/server/auth/session";
import { markGold, removeGold } from "@/lib/server/gold/manage-gold";
import { setCampaignReviewer } from "@/lib/server/users/set-campaign-reviewer";

// Public endpoints: the services check that the caller is an admin.
export async function markGoldAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(async () =>
    markGold(await requireUser(), { sampleId: form.get("sampleId"), expectedVerdict: form.get("expectedVerdict"), expectedLabel: form.get("expectedLabel") ?? undefined }),
  );
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/admin/campaigns/[id]/gold", "page");
  return { ok: true, message: "Marked as gold." };
}

export async function removeGoldAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction(async () => removeGold(await requireUser(), String(form.get("sampleId") ?? "")));
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/admin/campaigns/[id]/gold", "page");
  return { ok: true, message: "Removed." };
}

export async function setCampaignReviewerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const active = form.get("active") === "true";
  const result = await runAction(async () => setCampaignReviewer(await requireUser(), { campaignId: form.get("campaignId"), userId: form.get("userId"), active }));
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath("/admin/campaigns/[id]/gold", "page");
  return { ok: true, message: active ? "Restored." : "Removed from this campaign." };
}

"use server";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { ZCampaignInput, campaignFieldErrors, campaignInputFromForm } from "@/lib/schemas/campaign";
import { requireUser } from "@/lib/server/auth/session";
import { createCampaign, updateCampaign } from "@/lib/server/campaigns/save-campaign";

export type CampaignFormState = { message: string | null; errors: Record<string, string>; values?: Record<string, string> };

function echo(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string") as [string, string][]);
}

async function save(form: FormData, id: string | null): Promise<CampaignFormState | string> {
  const parsed = ZCampaignInput.safeParse(campaignInputFromForm(form));
  if (!parsed.success) return { message: "Please fix the highlighted fields.", errors: campaignFieldErrors(parsed.error), values: echo(form) };
  try {
    const actor = await requireUser();
    const saved = id ? await updateCampaign(actor, id, parsed.data) : await createCampaign(actor, parsed.data);
    return saved.slug;
  } catch (error) {
    if (isAppError(error)) {
      const field = typeof error.details?.field === "string" ? error.details.field : null;
      return { message: error.message, errors: field ? { [field]: error.message } : {}, values: echo(form) };
    }
    return { message: "Could not save the campaign. Please try again.", errors: {}, values: echo(form) };
  }
}

/** Server actions are public endpoints: the services check the admin role. Redirects happen outside try blocks. */
export async function createCampaignAction(_prev: CampaignFormState, form: FormData): Promise<CampaignFormState> {
  const result = await save(form, null);
  if (typeof result === "string") redirect(`/campaigns/${result}`);
  return result;
}

export async function updateCampaignAction(id: string, _prev: CampaignFormState, form: FormData): Promise<CampaignFormState> {
  const result = await save(form, id);
  if (typeof result === "string") redirect(`/campaigns/${result}`);
  return result;
}

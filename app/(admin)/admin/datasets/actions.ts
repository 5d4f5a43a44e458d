"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { ZDatasetInput, ZDraftVersionInput, draftVersionInputFromForm } from "@/lib/schemas/dataset";
import { requireUser } from "@/lib/server/auth/session";
import { createDataset } from "@/lib/server/datasets/create-dataset";
import { publishVersion } from "@/lib/server/datasets/publish-version";
import { createDraftVersion, updateDraftVersion } from "@/lib/server/datasets/save-draft-version";

export type FormState = { message: string | null; ok?: boolean; errors: Record<string, string> };

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const field = path[0] === "filters" ? (path[1] ?? "filters") : path[0] === "priceWei" ? "price" : (path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}

function failure(error: unknown, fallback: string): FormState {
  if (isAppError(error)) {
    const field = typeof error.details?.field === "string" ? error.details.field : null;
    return { message: error.message, errors: field ? { [field]: error.message } : {} };
  }
  console.error("[admin datasets]", error);
  return { message: fallback, errors: {} };
}

/** Server actions are public endpoints: the services check the admin role. Redirects happen outside try blocks. */
export async function createDatasetAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = ZDatasetInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { message: "Please fix the highlighted fields.", errors: fieldErrors(parsed.error) };
  let id: string;
  try {
    id = (await createDataset(await requireUser(), parsed.data)).id;
  } catch (error) {
    return failure(error, "Could not create the dataset. Please try again.");
  }
  redirect(`/admin/datasets/${id}`);
}

export async function saveDraftAction(datasetId: string, draftId: string | null, _prev: FormState, form: FormData): Promise<FormState> {
  const parsed = ZDraftVersionInput.safeParse(draftVersionInputFromForm(form));
  if (!parsed.success) return { message: "Please fix the highlighted fields.", errors: fieldErrors(parsed.error) };
  try {
    const actor = await requireUser();
    if (draftId) await updateDraftVersion(actor, draftId, parsed.data);
    else await createDraftVersion(actor, datasetId, parsed.data);
  } catch (error) {
    return failure(error, "Could not save the draft. Please try again.");
  }
  revalidatePath(`/admin/datasets/${datasetId}`);
  return { message: "Draft saved. The preview below shows what it selects.", ok: true, errors: {} };
}

const ZExpectedRoot = z.string().regex(/^0x[0-9a-f]{64}$/i).optional();

export async function publishAction(datasetId: string, versionId: string, _prev: FormState, form: FormData): Promise<FormState> {
  // The root the admin saw in the confirmation: publishing refuses a selection that changed since.
  const expectedRoot = ZExpectedRoot.safeParse(form.get("expectedRoot") ?? undefined);
  if (!expectedRoot.success) return { message: "Invalid request.", errors: {} };
  try {
    await publishVersion(await requireUser(), versionId, { expectedRoot: expectedRoot.data });
  } catch (error) {
    return failure(error, "Could not publish the version. Please try again.");
  }
  revalidatePath("/datasets");
  redirect(`/admin/datasets/${datasetId}?published=${versionId}`);
}

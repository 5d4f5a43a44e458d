"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { ZCreateApiKey, createApiKey, revokeApiKey } from "@/lib/server/api-keys/api-keys";
import { requireUser } from "@/lib/server/auth/session";

export type CreateKeyState = { key: string | null; message: string | null; errors: Record<string, string> };

export async function createApiKeyAction(_prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const parsed = ZCreateApiKey.safeParse({ name: form.get("name"), scopes: form.getAll("scopes") });
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return { key: null, message: "Please fix the highlighted fields.", errors: { name: fields.name?.[0] ?? "", scopes: fields.scopes?.[0] ?? "" } };
  }
  try {
    const { key } = await createApiKey(await requireUser(), parsed.data);
    revalidatePath("/settings/api-keys");
    return { key, message: null, errors: {} };
  } catch (error) {
    return { key: null, message: isAppError(error) ? error.message : "Could not create the key.", errors: {} };
  }
}

export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const id = z.string().min(1).parse(form.get("id"));
  await revokeApiKey(await requireUser(), id);
  revalidatePath("/settings/api-keys");
}

"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction, type ActionResult } from "@/app/_lib/action-result";
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

/** Someone else's key, a revoked one or a signed-out caller is an expected refusal: a sentence, never an HTTP 500. */
export async function revokeApiKeyAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  return runAction(async () => {
    const id = z.string({ error: "Choose a key to revoke." }).min(1, "Choose a key to revoke.").parse(form.get("id"));
    await revokeApiKey(await requireUser(), id);
    revalidatePath("/settings/api-keys");
    return null;
  });
}

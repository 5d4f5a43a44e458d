"use client";
import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import { revokeApiKeyAction } from "./actions";

export function RevokeKeyForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState<ActionResult<null> | null, FormData>(revokeApiKeyAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="text-red-700 hover:underline disabled:opacity-50">
        Revoke
      </button>
      {state && !state.ok && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {state.message}
        </p>
      )}
    </form>
  );
}

"use client";
import { useActionState, type ReactNode } from "react";

export type FormState = { ok: boolean; message: string | null };

/**
 * A small admin form bound to a server action that answers with a sentence. Shows the sentence (an alert when it is
 * an error) next to the fields, and disables its buttons while the action runs.
 */
export function ActionForm({ action, children, className }: { action: (prev: FormState, form: FormData) => Promise<FormState>; children: (pending: boolean) => ReactNode; className?: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, { ok: true, message: null });
  return (
    <form action={formAction} className={className ?? "flex flex-wrap items-center gap-2"}>
      {children(pending)}
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </span>
      )}
    </form>
  );
}

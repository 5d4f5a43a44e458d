"use client";
import { useActionState, type ReactNode } from "react";
import { useFormStatus } from "react-dom";

export type FormState = { ok: boolean; message: string | null };

/**
 * A small admin form bound to a server action that answers with a sentence, shown next to the fields (an alert when
 * it is an error). Its buttons are PendingButtons, disabled while the action runs.
 */
export function ActionForm({ action, children, className }: { action: (prev: FormState, form: FormData) => Promise<FormState>; children: ReactNode; className?: string }) {
  const [state, formAction] = useActionState<FormState, FormData>(action, { ok: true, message: null });
  return (
    <form action={formAction} className={className ?? "flex flex-wrap items-center gap-2"}>
      {children}
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={`text-xs ${state.ok ? "text-emerald-700" : "text-red-700"}`}>
          {state.message}
        </span>
      )}
    </form>
  );
}

export function PendingButton({ children, ...props }: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" {...props} disabled={pending || props.disabled}>
      {children}
    </button>
  );
}

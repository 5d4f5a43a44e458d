"use client";
import { useActionState } from "react";
import { setReviewerAction, type ActionState } from "./actions";

export function ReviewerToggle({ userId, isReviewer, label }: { userId: string; isReviewer: boolean; label: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(setReviewerAction, { ok: true, message: null });
  return (
    <form action={action} className="flex items-center justify-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="grant" value={isReviewer ? "false" : "true"} />
      {state.message && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
      <button
        type="submit"
        disabled={pending}
        aria-label={`${isReviewer ? "Revoke reviewer from" : "Grant reviewer to"} ${label}`}
        className="rounded-md border border-slate-300 bg-white px-3 py-1 text-xs hover:bg-slate-100 disabled:opacity-50"
      >
        {pending ? "Saving…" : isReviewer ? "Revoke reviewer" : "Grant reviewer"}
      </button>
    </form>
  );
}

"use client";
import { useActionState } from "react";
import { ConfirmButton } from "../_components/confirm-button";
import { setReviewerAction, type ActionState } from "./actions";

export function ReviewerToggle({ userId, isReviewer, label }: { userId: string; isReviewer: boolean; label: string }) {
  const [state, action] = useActionState<ActionState, FormData>(setReviewerAction, { ok: true, message: null });
  return (
    <form action={action} className="flex items-center justify-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="grant" value={isReviewer ? "false" : "true"} />
      {state.message && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
      <ConfirmButton
        aria-label={`${isReviewer ? "Revoke reviewer from" : "Grant reviewer to"} ${label}`}
        title={isReviewer ? `Revoke the reviewer role from ${label}?` : `Grant the reviewer role to ${label}?`}
        confirmLabel={isReviewer ? "Revoke reviewer" : "Grant reviewer"}
        tone={isReviewer ? "danger" : "primary"}
        pendingLabel="Saving…"
        className="rounded-md border border-slate-300 bg-white px-3 py-1 text-xs hover:bg-slate-100 disabled:opacity-50"
        description={
          isReviewer ? (
            <p>
              {label} stops being served the samples of campaigns they did not qualify for by quiz; their leases run out. Verdicts already given stay
              counted. The change is logged.
            </p>
          ) : (
            <>
              <p>
                {label} is served samples of every open campaign at once, without a qualification quiz, and their verdicts decide samples and pay
                rewards and fees from campaign budgets.
              </p>
              <p className="font-medium">Verdicts they give cannot be taken back; the grant is logged. You can revoke the role later.</p>
            </>
          )
        }
      >
        {isReviewer ? "Revoke reviewer" : "Grant reviewer"}
      </ConfirmButton>
    </form>
  );
}

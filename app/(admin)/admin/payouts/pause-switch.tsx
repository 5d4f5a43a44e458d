"use client";
import { useActionState } from "react";
import { ConfirmButton } from "../_components/confirm-button";
import { setWorkerPausedAction, type PauseState } from "./actions";

export function PauseSwitch({ paused }: { paused: boolean }) {
  const [state, action, pending] = useActionState<PauseState, FormData>(setWorkerPausedAction, { ok: true, message: null });
  const button = `rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-50 ${paused ? "bg-brand-600 hover:bg-brand-700" : "bg-amber-700 hover:bg-amber-800"}`;
  return (
    <form action={action} className="flex items-center gap-3">
      <input type="hidden" name="paused" value={paused ? "false" : "true"} />
      {paused ? (
        // Resuming only lets the worker do its normal work: no question asked.
        <button type="submit" disabled={pending} className={button}>
          {pending ? "Saving…" : "Resume worker"}
        </button>
      ) : (
        <ConfirmButton
          title="Pause the payout worker?"
          confirmLabel="Pause worker"
          pendingLabel="Saving…"
          className={button}
          description={
            <p>
              No reward, fee or revenue share is paid until someone resumes it: contributors and reviewers wait. A batch already sent may still be
              mined. Earned payouts are kept and paid after resuming.
            </p>
          }
        >
          Pause worker
        </ConfirmButton>
      )}
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-slate-600" : "text-red-700"}`}>
          {state.message}
        </span>
      )}
    </form>
  );
}

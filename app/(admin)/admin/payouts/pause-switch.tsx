"use client";
import { useActionState } from "react";
import { setWorkerPausedAction, type PauseState } from "./actions";

export function PauseSwitch({ paused }: { paused: boolean }) {
  const [state, action, pending] = useActionState<PauseState, FormData>(setWorkerPausedAction, { ok: true, message: null });
  return (
    <form action={action} className="flex items-center gap-3">
      <input type="hidden" name="paused" value={paused ? "false" : "true"} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-50 ${paused ? "bg-brand-600 hover:bg-brand-700" : "bg-amber-700 hover:bg-amber-800"}`}
      >
        {pending ? "Saving…" : paused ? "Resume worker" : "Pause worker"}
      </button>
      {state.message && (
        <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-slate-600" : "text-red-700"}`}>
          {state.message}
        </span>
      )}
    </form>
  );
}

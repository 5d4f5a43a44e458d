"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { EmptyState } from "@/app/_components/empty-state";
import type { ClientTask } from "@/lib/server/reviews/review-task";
import type { ActionResult } from "@/app/_lib/action-result";
import { claimNextAction, skipAction, submitVerdictAction, undoVerdictAction } from "../actions";
import { formatLeft } from "./left-count";
import { KeyboardLegend, SampleView } from "./sample-view";
import { VerdictMeaning } from "./verdict-meaning";

type Reason = { value: string; label: string };
type LastVerdict = { taskId: string; undoableUntil: number; task: ClientTask };

/**
 * One sample at a time, keyboard first. After a verdict the next sample is claimed at once, so it is on screen
 * before the reviewer reaches for the next key.
 */
export function ReviewDesk(props: {
  initialTask: ClientTask | null;
  campaignId: string | null;
  /** The campaign reviewed alone, or null for all of the reviewer's campaigns. */
  scopeTitle: string | null;
  /** Samples the queue could still serve, the one on the desk included, counted when the page was drawn. */
  initialLeft: { left: number; capped: boolean };
  reasons: Reason[];
}) {
  const { initialTask, campaignId, scopeTitle, initialLeft, reasons } = props;
  const [task, setTask] = useState<ClientTask | null>(initialTask);
  // Counted down on the desk, not asked of the server after each verdict: the verdict path stays as lean as it is.
  // Every verdict and skip counts one, whatever the sample was, so the count never tells a gold item apart.
  const [left, setLeft] = useState(initialLeft);
  const [mode, setMode] = useState<"judge" | "reason">("judge");
  const [label, setLabel] = useState<string | null>(null);
  const [last, setLast] = useState<LastVerdict | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const [now, setNow] = useState(() => Date.now());

  // Undo is offered only while its window is open: tick once a second while it is.
  useEffect(() => {
    if (!last) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [last]);
  const canUndo = last !== null && now < last.undoableUntil;

  const act = useCallback(async <T,>(work: () => Promise<ActionResult<T>>): Promise<T | undefined> => {
    if (busyRef.current) return undefined;
    busyRef.current = true;
    setBusy(true);
    try {
      const result = await work();
      if (!result.ok) {
        setMessage({ text: result.message, error: true });
        return undefined;
      }
      return result.value;
    } catch {
      setMessage({ text: "The server could not be reached. Check your connection and try again.", error: true });
      return undefined;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);

  const show = useCallback((next: ClientTask | null) => {
    setTask(next);
    setMode("judge");
    setLabel(null);
  }, []);

  const loadNext = useCallback(async () => {
    const next = await act(() => claimNextAction(campaignId));
    if (next === undefined) return;
    show(next);
    setLeft((current) => (next === null ? { left: 0, capped: false } : { ...current, left: Math.max(current.left, 1) }));
  }, [act, campaignId, show]);

  const judge = useCallback(
    async (verdict: "ACCEPT" | "REJECT", reason?: string) => {
      if (!task) return;
      setMessage(null);
      // A label goes with an accept, or with "the label is wrong" when it names another label than the contributor's:
      // only then does it change what the vote counts for (see VerdictMeaning). Any other rejection is "unacceptable".
      const named = label !== null && (verdict === "ACCEPT" || (reason === "wrong_label" && !task.contributorLabels.includes(label))) ? label : null;
      const done = await act(() => submitVerdictAction({ taskId: task.taskId, verdict, ...(reason ? { reason } : {}), ...(named ? { label: named } : {}) }));
      if (!done) return;
      setLeft((current) => ({ ...current, left: Math.max(0, current.left - 1) }));
      setLast({ taskId: task.taskId, undoableUntil: new Date(done.undoableUntil).getTime(), task });
      await loadNext();
      // Said only once the next sample is in: keys pressed while it loads are ignored, so "press U" must be true.
      setNow(Date.now());
      setMessage((current) => (current?.error ? current : { text: verdict === "ACCEPT" ? "Accepted. Press U to undo." : "Rejected. Press U to undo.", error: false }));
    },
    [act, label, loadNext, task],
  );

  const undo = useCallback(async () => {
    if (!last || Date.now() >= last.undoableUntil) return;
    const done = await act(() => undoVerdictAction(last.taskId));
    if (done === undefined) return;
    // The prefetched sample stays reserved for this reviewer; the queue hands it back after this one.
    setLast(null);
    setLeft((current) => ({ ...current, left: current.left + 1 }));
    setMessage({ text: "Verdict undone. Judge this sample again.", error: false });
    show(last.task);
  }, [act, last, show]);

  const skip = useCallback(async () => {
    if (!task) return;
    const done = await act(() => skipAction(task.taskId));
    if (done === undefined) return;
    setLeft((current) => ({ ...current, left: Math.max(0, current.left - 1) }));
    setMessage(null);
    await loadNext();
    setMessage((current) => current ?? { text: "Skipped.", error: false });
  }, [act, loadNext, task]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || busyRef.current) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      const key = event.key.toLowerCase();
      if (key === "u") return void undo();
      if (!task) return;
      if (mode === "reason") {
        const index = Number(key) - 1;
        if (Number.isInteger(index) && index >= 0 && index < reasons.length) void judge("REJECT", reasons[index]!.value);
        else if (key === "escape") setMode("judge");
        return;
      }
      if (key === "a") void judge("ACCEPT");
      else if (key === "r") setMode("reason");
      else if (key === "s") void skip();
      else if (/^[1-9]$/.test(key) && task.campaign.labelSchema.kind === "single_label") {
        const picked = task.campaign.labelSchema.labels[Number(key) - 1];
        if (picked) setLabel(picked);
      }
    }
    window.addEventListener("keydown", onKey);
    // Says the keys work: until the page is hydrated a key press would be lost (tests wait for it too).
    rootRef.current?.setAttribute("data-keyboard", "on");
    return () => window.removeEventListener("keydown", onKey);
  }, [judge, mode, reasons, skip, task, undo]);

  return (
    <div ref={rootRef} data-testid="review-desk" className="space-y-4" aria-busy={busy}>
      <p data-testid="review-left" className="text-sm font-medium text-slate-700">
        {formatLeft(left.left, left.capped)} {scopeTitle ? `in ${scopeTitle}` : "in your campaigns"}
      </p>
      <div role="status" aria-live="polite" className="min-h-6 text-sm">
        {message && <span className={message.error ? "text-red-700" : "text-slate-600"}>{message.text}</span>}
        {canUndo && !message?.error && <span className="ml-2 text-slate-500">({Math.ceil((last.undoableUntil - now) / 1000)} s)</span>}
      </div>
      {task ? (
        <>
          <SampleView task={task} chosenLabel={label} />
          {mode === "reason" ? (
            <fieldset className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm">
              <legend className="px-1 font-medium">Why reject it? Press 1–{reasons.length}, or Esc to go back.</legend>
              <ol className="grid gap-1 sm:grid-cols-2">
                {reasons.map((r, i) => (
                  <li key={r.value}>
                    <button type="button" onClick={() => void judge("REJECT", r.value)} className="w-full rounded border border-red-200 bg-white px-2 py-1 text-left hover:bg-red-100">
                      <kbd className="mr-2 font-mono text-xs">{i + 1}</kbd>
                      {r.label}
                    </button>
                  </li>
                ))}
              </ol>
            </fieldset>
          ) : (
            <div className="flex gap-2">
              <button type="button" disabled={busy} onClick={() => void judge("ACCEPT")} className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50">
                Accept (A)
              </button>
              <button type="button" disabled={busy} onClick={() => setMode("reason")} className="rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50">
                Reject (R)
              </button>
              <button type="button" disabled={busy} onClick={() => void skip()} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm hover:bg-slate-100 disabled:opacity-50">
                Skip (S)
              </button>
            </div>
          )}
          <VerdictMeaning schema={task.campaign.labelSchema} contributorLabels={task.contributorLabels} chosenLabel={label} mode={mode} />
          <KeyboardLegend classification={task.campaign.labelSchema.kind === "single_label"} />
        </>
      ) : (
        <div data-testid="review-empty">
          <EmptyState title="Nothing to review right now">
            You have seen every sample waiting for review: none of your own, none twice. New uploads appear here as they arrive.
            {canUndo && " You can still press U to undo your last verdict."}
          </EmptyState>
          <button type="button" onClick={() => void loadNext()} className="mt-3 text-sm text-brand-700 hover:underline">
            Check again
          </button>
        </div>
      )}
    </div>
  );
}

"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { QuizItem } from "@/lib/server/quiz/start-quiz";
import type { QuizResult } from "@/lib/server/quiz/submit-quiz";
import { KeyboardLegend, SampleView } from "../../_components/sample-view";
import { submitQuizAction } from "../actions";

type Answer = { item: number; verdict: "ACCEPT" | "REJECT"; label?: string };

/** The quiz, one gold item at a time with the review desk's keys; answers go to the server together at the end. */
export function QuizDesk({ attemptId, items, campaignSlug, passMark }: { attemptId: string; items: QuizItem[]; campaignSlug: string; passMark: number }) {
  const [answers, setAnswers] = useState<Answer[]>([]);
  const [label, setLabel] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<QuizResult | null>(null);
  const item = items[answers.length];
  const rootRef = useRef<HTMLDivElement>(null);

  const submit = useCallback(
    async (all: Answer[]) => {
      setBusy(true);
      setError(null);
      try {
        const outcome = await submitQuizAction({ attemptId, answers: all });
        if (outcome.ok) setResult(outcome.value);
        else setError(outcome.message);
      } catch {
        setError("The server could not be reached. Check your connection and try again.");
      } finally {
        setBusy(false);
      }
    },
    [attemptId],
  );

  const answer = useCallback(
    (verdict: "ACCEPT" | "REJECT") => {
      if (!item || busy) return;
      const next = [...answers, { item: item.item, verdict, ...(label ? { label } : {}) }];
      setAnswers(next);
      setLabel(null);
      if (next.length === items.length) void submit(next);
    },
    [answers, busy, item, items.length, label, submit],
  );

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || !item || result) return;
      const key = event.key.toLowerCase();
      if (key === "a") answer("ACCEPT");
      else if (key === "r") answer("REJECT");
      else if (/^[1-9]$/.test(key) && item.campaign.labelSchema.kind === "single_label") {
        const picked = item.campaign.labelSchema.labels[Number(key) - 1];
        if (picked) setLabel(picked);
      }
    }
    window.addEventListener("keydown", onKey);
    rootRef.current?.setAttribute("data-keyboard", "on");
    return () => window.removeEventListener("keydown", onKey);
  }, [answer, item, result]);

  if (result) {
    return (
      <div role="status" data-testid="quiz-result" className={`rounded-lg border p-6 ${result.passed ? "border-emerald-300 bg-emerald-50" : "border-amber-300 bg-amber-50"}`}>
        <h2 className="text-lg font-semibold">{result.passed ? "Passed: you are now a reviewer of this campaign" : "Not passed this time"}</h2>
        <p className="mt-1">
          {result.passed ? `You reached the pass mark of ${Math.round(passMark * 100)}%.` : `You did not reach the pass mark of ${Math.round(passMark * 100)}%.`}
          {result.retryAt && ` You can take the quiz again at ${new Date(result.retryAt).toISOString().slice(11, 16)} UTC.`}
        </p>
        {result.passed && (
          <Link href={`/review?campaign=${campaignSlug}`} className="mt-3 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Start reviewing
          </Link>
        )}
      </div>
    );
  }
  return (
    <div ref={rootRef} data-testid="quiz-desk" className="space-y-4" aria-busy={busy}>
      <div className="flex items-center gap-3 text-sm text-slate-600">
        <span data-testid="quiz-progress">
          Item {Math.min(answers.length + 1, items.length)} of {items.length}
        </span>
        <div className="h-2 w-40 rounded bg-slate-100" role="progressbar" aria-label="Quiz progress" aria-valuenow={answers.length} aria-valuemin={0} aria-valuemax={items.length}>
          <div className="h-2 rounded bg-brand-500" style={{ width: `${(answers.length / items.length) * 100}%` }} />
        </div>
      </div>
      {error && (
        <div role="alert" className="text-sm text-red-700">
          {error}{" "}
          <button type="button" className="underline" onClick={() => void submit(answers)}>
            Try again
          </button>
        </div>
      )}
      {item ? (
        <>
          <SampleView task={item} chosenLabel={label} />
          <div className="flex gap-2">
            <button type="button" disabled={busy} onClick={() => answer("ACCEPT")} className="rounded-md bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50">
              Accept (A)
            </button>
            <button type="button" disabled={busy} onClick={() => answer("REJECT")} className="rounded-md bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50">
              Reject (R)
            </button>
          </div>
          <KeyboardLegend classification={item.campaign.labelSchema.kind === "single_label"} quiz />
        </>
      ) : (
        <p className="text-sm text-slate-600">{busy ? "Scoring your answers…" : "All answered."}</p>
      )}
    </div>
  );
}

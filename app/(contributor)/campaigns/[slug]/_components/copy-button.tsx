"use client";
import { useState } from "react";

/** Copies a value to the clipboard and says so; the value itself stays visible and selectable beside it. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard access needs a secure context and permission; the value is on screen to select by hand.
      setState("failed");
    }
  };
  return (
    <button type="button" onClick={copy} aria-label={label} className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100">
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span>
    </button>
  );
}

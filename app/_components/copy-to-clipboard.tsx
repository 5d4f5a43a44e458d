"use client";
import { useState } from "react";

/** Puts `text` on the clipboard; falls back to a hidden selection where the Clipboard API is refused (plain http). */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    if (!ok) throw new Error("copy refused");
  }
}

/** A button that copies a value and says so; `label` names what is copied ("Copy key"). */
export function CopyToClipboard({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={() => copyText(text).then(() => setState("copied"), () => setState("failed"))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-100"
      >
        {label}
      </button>
      <span aria-live="polite" className="text-xs text-slate-600">
        {state === "copied" ? "Copied." : state === "failed" ? "Copying failed: select the text and copy it." : ""}
      </span>
    </span>
  );
}

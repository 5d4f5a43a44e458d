"use client";
import { useState } from "react";
import { BondPanel } from "@/app/_components/bond-panel-loader";
import type { BondPanelProps } from "@/app/_components/bond-panel";

/** "Challenge this answer": opens the bond panel for one gold answer (its wallet code loads only then). */
export function ChallengeToggle(props: Omit<BondPanelProps, "kind">) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700" onClick={() => setOpen(true)}>
        Challenge this answer
      </button>
    );
  }
  return <BondPanel kind="gold" {...props} />;
}

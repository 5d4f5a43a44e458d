import type { CheckOutcome } from "@/lib/domain/ingest/check-outcome";
import type { CheckedTextItem, TextItemInput, TextItemRules } from "@/lib/domain/ingest/text-item";

// The messages between text-check-pool.ts and text-check-worker.ts: plain data, copied by structured clone.

export type TextCheckTask = { id: number; rules: TextItemRules; items: TextItemInput[] };
export type TextCheckReply = { id: number; outcomes: CheckOutcome<CheckedTextItem>[] } | { id: number; error: string };

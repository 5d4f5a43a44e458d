import "server-only";
import type { Decision } from "@/lib/domain/consensus";
import type { SampleStatus } from "@/lib/generated/prisma/enums";
import { newRowId, sqliteDateTime, statement, type DirectConnection } from "@/lib/server/sqlite-direct";
import type { DecisionInputs } from "./decision-inputs";

// The writes of a decision on the verdict path, as plain SQL on the direct connection (sqlite-direct.ts), inside the
// caller's write transaction.

/** What a decision changes on its sample (also a valid Prisma update, for the inline path). */
export type SampleChange = { status?: "ACCEPTED" | "REJECTED" | "ESCALATED"; posterior?: number; consensusLabel?: string | null; decidedAt?: Date; requiredReviews?: number };

const CHANGE_COLUMNS = ["status", "posterior", "consensusLabel", "decidedAt", "requiredReviews"] as const;

/**
 * Compare-and-set: applies `change` only if the sample is still in `from` (waiting for review, or escalated) with
 * `requiredReviews` slots.
 */
export function applySampleUpdate(connection: DirectConnection, sampleId: string, requiredReviews: number, change: SampleChange, from: "PENDING_REVIEW" | "ESCALATED" = "PENDING_REVIEW"): boolean {
  const columns = CHANGE_COLUMNS.filter((column) => change[column] !== undefined);
  const values = columns.map((column) => {
    const value = change[column];
    return value instanceof Date ? sqliteDateTime(value) : value;
  });
  const sql = `UPDATE "Sample" SET ${columns.map((column) => `"${column}" = ?`).join(", ")} WHERE "id" = ? AND "status" = ? AND "requiredReviews" = ?`;
  return statement(sql, connection).run(...values, sampleId, from, requiredReviews).changes === 1;
}

export type DecisionRecord = { sampleId: string; outcome: Decision; posterior: number; label: string | null; reviews: number; inputs: DecisionInputs; flagged: boolean };

export function insertDecision(connection: DirectConnection, data: DecisionRecord, now: Date): { id: string; outcome: Decision; posterior: number; label: string | null; flagged: boolean } {
  const id = newRowId(now.getTime());
  statement(
    `INSERT INTO "ConsensusDecision" ("id", "sampleId", "outcome", "posterior", "label", "reviews", "flagged", "inputs", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    connection,
  ).run(id, data.sampleId, data.outcome, data.posterior, data.label, data.reviews, data.flagged ? 1 : 0, JSON.stringify(data.inputs), sqliteDateTime(now));
  return { id, outcome: data.outcome, posterior: data.posterior, label: data.label, flagged: data.flagged };
}

export function sampleDecisionState(connection: DirectConnection, sampleId: string): { status: SampleStatus; consensusLabel: string | null } | null {
  return (statement(`SELECT "status", "consensusLabel" FROM "Sample" WHERE "id" = ?`, connection).get(sampleId) as { status: SampleStatus; consensusLabel: string | null } | undefined) ?? null;
}

import "server-only";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import type { DecisionInputs, LegacyDecisionInputs } from "./decision-inputs";

export type EscalatedSample = {
  id: string;
  campaign: { slug: string; title: string };
  preview: string;
  blobKey: string | null;
  labels: string;
  posterior: number | null;
  escalatedAt: Date | null;
  inputs: DecisionInputs | LegacyDecisionInputs | null;
  reviewerAddresses: Record<string, string>;
};

export const ESCALATED_PAGE_SIZE = 20;

/** Admin only: samples left undecided at k_max, oldest first, with the evidence of the run that escalated them. */
export async function listEscalated(actor: SessionUser, page = 1): Promise<{ rows: EscalatedSample[]; total: number }> {
  assertRole(actor, "ADMIN");
  const where = { status: "ESCALATED" as const };
  const [total, samples] = await Promise.all([
    db.sample.count({ where }),
    db.sample.findMany({
      where,
      orderBy: [{ decidedAt: "asc" }, { id: "asc" }],
      skip: (Math.max(1, page) - 1) * ESCALATED_PAGE_SIZE,
      take: ESCALATED_PAGE_SIZE,
      select: {
        id: true,
        textContent: true,
        blobKey: true,
        originalName: true,
        labels: true,
        posterior: true,
        decidedAt: true,
        campaign: { select: { slug: true, title: true } },
        decisions: { where: { flagged: false, outcome: "ESCALATE" }, orderBy: { createdAt: "desc" }, take: 1, select: { inputs: true } },
      },
    }),
  ]);
  const rows = samples.map((s) => ({
    id: s.id,
    campaign: s.campaign,
    preview: (s.textContent ?? s.originalName ?? "an image").slice(0, 300),
    blobKey: s.blobKey,
    labels: Array.isArray(s.labels) ? s.labels.join(", ") : String(s.labels ?? ""),
    posterior: s.posterior,
    escalatedAt: s.decidedAt,
    inputs: (s.decisions[0]?.inputs ?? null) as DecisionInputs | LegacyDecisionInputs | null,
  }));
  const voterIds = [...new Set(rows.flatMap((r) => r.inputs?.votes.map((v) => v.reviewerId) ?? []))];
  const voters = voterIds.length ? await db.user.findMany({ where: { id: { in: voterIds } }, select: { id: true, address: true } }) : [];
  const addresses = Object.fromEntries(voters.map((v) => [v.id, v.address]));
  return { rows: rows.map((r) => ({ ...r, reviewerAddresses: addresses })), total };
}

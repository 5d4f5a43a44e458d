import "server-only";
import { AppError } from "@/lib/errors";
import type { DecisionOutcome, SampleStatus } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/server/db";
import type { DecisionInputs } from "@/lib/server/reviews/decision-inputs";

/** An admin's override of a sample the reviewers left undecided: who, when, what and why, for anyone to read. */
export type AdminOverride = { adminAddress: string; outcome: DecisionOutcome; note: string | null; at: Date };

/**
 * What anyone may know of a sample, signed in or not: its campaign, its status, when it was decided, and how: by the
 * consensus, by a panel (with a link to the public appeal page) or by an admin's override, named with the admin's
 * wallet and note. No content, no labels and no votes: those stay with the contributor, admins and buyers.
 */
export type SampleRecord = {
  id: string;
  status: SampleStatus;
  campaign: { slug: string; title: string };
  decidedAt: Date | null;
  decidedBy: "consensus" | "panel" | "admin" | null;
  override: AdminOverride | null;
  appealId: string | null;
};

const FINAL: SampleStatus[] = ["ACCEPTED", "REJECTED"];

export async function getSampleRecord(id: string): Promise<SampleRecord> {
  const sample = await db.sample.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      decidedAt: true,
      campaign: { select: { slug: true, title: true } },
      // Its appeal or escalation; a gold challenge would tell the public that the sample is gold.
      appeals: { where: { kind: { not: "gold" } }, take: 1, select: { id: true, state: true } },
      decisions: { where: { flagged: false }, orderBy: { createdAt: "desc" }, take: 1, select: { outcome: true, createdAt: true, inputs: true } },
    },
  });
  if (!sample) throw new AppError("NOT_FOUND", "That sample does not exist.");
  const latest = FINAL.includes(sample.status) ? sample.decisions[0] : undefined;
  const inputs = (latest?.inputs ?? null) as (Partial<DecisionInputs> & { panel?: unknown }) | null;
  let override: AdminOverride | null = null;
  if (latest && inputs?.engine === "admin") {
    const admin = inputs.resolvedBy ? await db.user.findUnique({ where: { id: inputs.resolvedBy }, select: { address: true } }) : null;
    override = { adminAddress: admin?.address ?? "an admin", outcome: latest.outcome, note: inputs.note ?? null, at: latest.createdAt };
  }
  const decidedBy = !latest ? null : override ? "admin" : inputs?.panel ? "panel" : "consensus";
  const appeal = sample.appeals[0] ?? null;
  const appealVisible = appeal !== null && appeal.state !== "AWAITING_BOND";
  return {
    id: sample.id,
    status: sample.status,
    campaign: sample.campaign,
    decidedAt: latest ? sample.decidedAt : null,
    decidedBy,
    override,
    appealId: appealVisible ? appeal.id : null,
  };
}

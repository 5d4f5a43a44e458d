import "server-only";
import { outcomeSpace, reviewClass } from "@/lib/domain/consensus";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZResolveEscalation } from "@/lib/schemas/escalation";
import { ZLabelSchema } from "@/lib/schemas/label-schema";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import type { DecisionInputs } from "./decision-inputs";
import { earnDecisionPayouts } from "./decision-payouts";
import { reviewTransaction } from "./unique-violation";

/**
 * Admin only: settles a sample the reviewers left undecided at k_max. Takes the same path as a consensus decision:
 * a compare-and-set on the sample's status, a recorded ConsensusDecision (engine "admin", with the escalation's
 * evidence and the admin's note), and the payouts it earns (contributor reward on accept, reviewer fees for the
 * reviewers who agreed with the admin) in the same transaction; logged.
 */
export async function resolveEscalation(actor: SessionUser, input: unknown, options: { now?: Date } = {}): Promise<{ decisionId: string }> {
  assertRole(actor, "ADMIN");
  const now = options.now ?? new Date();
  const { sampleId, outcome, note } = ZResolveEscalation.parse(input);
  return reviewTransaction(async (tx) => {
    const sample = await tx.sample.findUnique({
      where: { id: sampleId },
      select: {
        id: true,
        status: true,
        contributorId: true,
        posterior: true,
        labels: true,
        campaign: { select: { id: true, rewardWei: true, reviewerFeeWei: true, labelSchema: true } },
        reviews: { select: { reviewerId: true, verdict: true, reason: true, label: true } },
        decisions: { where: { flagged: false }, orderBy: { createdAt: "desc" }, take: 1, select: { id: true, posterior: true, label: true, inputs: true } },
      },
    });
    if (!sample) throw new AppError("NOT_FOUND", "That sample does not exist.");
    if (sample.status !== "ESCALATED") throw new AppError("CONFLICT", "This sample is not escalated (any more): nothing to resolve.");
    const evidence = sample.decisions[0];
    const posterior = evidence?.posterior ?? sample.posterior ?? 0.5;
    // An accepted classification sample carries the consensus label; without one, the contributor's stands.
    const label = outcome === "ACCEPT" ? (evidence?.label ?? (typeof sample.labels === "string" ? sample.labels : null)) : null;
    const applied = await tx.sample.updateMany({
      where: { id: sampleId, status: "ESCALATED" },
      data: { status: outcome === "ACCEPT" ? "ACCEPTED" : "REJECTED", consensusLabel: label, decidedAt: now },
    });
    if (applied.count !== 1) throw new AppError("CONFLICT", "This sample is not escalated (any more): nothing to resolve.");
    const previous = (evidence?.inputs ?? {}) as Partial<DecisionInputs>;
    const inputs: Partial<DecisionInputs> = { ...previous, engine: "admin", resolvedBy: actor.id, note };
    const decision = await tx.consensusDecision.create({
      data: { sampleId, outcome, posterior, label, reviews: sample.reviews.length, flagged: false, inputs: inputs as Prisma.InputJsonValue, createdAt: now },
      select: { id: true },
    });
    const space = outcomeSpace(ZLabelSchema.parse(sample.campaign.labelSchema));
    const decidedClass = outcome === "REJECT" ? space.unacceptable : space.kind === "labels" ? space.classNames.indexOf(label ?? "") : 1 - space.unacceptable;
    const reviews = sample.reviews.map((r) => ({ reviewerId: r.reviewerId, voteClass: reviewClass(space, { ...r, contributorLabels: sample.labels }) }));
    await earnDecisionPayouts(tx, { sampleId, outcome, decidedClass, contributorId: sample.contributorId, campaign: sample.campaign, reviews });
    await tx.auditEvent.create({ data: { actorId: actor.id, action: outcome === "ACCEPT" ? "sample.resolve-accept" : "sample.resolve-reject", subject: `sample:${sampleId}`, details: { decisionId: decision.id, note } } });
    return { decisionId: decision.id };
  });
}

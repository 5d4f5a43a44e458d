import "server-only";
import { decisionMarginFromDrifts, DRIFT_WINDOW, itemPosterior, posteriorDrift, type ItemVote } from "@/lib/domain/consensus";
import { readConnection } from "@/lib/server/read-connection";
import { sqliteDateTime } from "@/lib/server/sqlite-direct";
import type { CampaignConsensus } from "./campaign-consensus";
import { reviewsBySample } from "./campaign-reviews";

/** A sample's counted votes as the fit read them (no I/O). */
export function votesAsRead(consensus: CampaignConsensus, sampleId: string): ItemVote[] {
  const { read } = consensus;
  const code = read.sampleCodes.get(sampleId);
  if (code === undefined) return [];
  const { start, order } = reviewsBySample(read);
  const votes: ItemVote[] = [];
  for (let s = start[code]!; s < start[code + 1]!; s++) {
    const r = order[s]!;
    if (read.voteClass[r]! >= 0) votes.push({ reviewerId: read.reviewerIds[read.reviewer[r]!]!, label: read.voteClass[r]! });
  }
  return votes;
}

/**
 * The decision margin for a campaign's next snapshot (decision-margin.ts): how far the posteriors of its latest
 * acceptances decided before `decidedBefore` (the previous snapshot, so each was decided by an older model) moved
 * under the new fit. `previous` stands when too few were measured. Reads at most DRIFT_WINDOW samples.
 */
export function nextDecisionMargin(consensus: CampaignConsensus, campaignId: string, decidedBefore: Date, previous: number): number {
  const rows = readConnection()
    .prepare<[string, string], { id: string; posterior: number; consensusLabel: string | null }>(
      `SELECT "id", "posterior", "consensusLabel" FROM "Sample"
       WHERE "campaignId" = ? AND "status" = 'ACCEPTED' AND "posterior" IS NOT NULL AND "decidedAt" < ?
       ORDER BY "decidedAt" DESC LIMIT ${DRIFT_WINDOW}`,
    )
    .all(campaignId, sqliteDateTime(decidedBefore));
  const { space } = consensus;
  const drifts: number[] = [];
  for (const row of rows) {
    const votes = votesAsRead(consensus, row.id);
    if (votes.length === 0) continue;
    const accepted = space.kind === "labels" ? space.classNames.indexOf(row.consensusLabel ?? "") : space.classNames.findIndex((_, k) => k !== space.unacceptable);
    if (accepted < 0) continue;
    drifts.push(posteriorDrift(row.posterior, itemPosterior(consensus.model, votes)[accepted]!));
  }
  return decisionMarginFromDrifts(drifts) ?? previous;
}

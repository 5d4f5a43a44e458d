import "server-only";
import { FITTED_CONSENSUS_VERSION, type FittedConsensus, type ReliabilityCurve } from "@/lib/domain/consensus";
import type { Prisma } from "@/lib/generated/prisma/client";

type Reader = Pick<Prisma.TransactionClient, "consensusSnapshot">;

export type StoredSnapshot = { version: number; fittedAt: Date; reviews: number; goldItems: number; model: FittedConsensus };

/** The campaign's latest consensus fit, or null before its first verdict (or if stored by another format version). */
export async function latestSnapshot(tx: Reader, campaignId: string): Promise<StoredSnapshot | null> {
  const row = await tx.consensusSnapshot.findUnique({ where: { campaignId }, select: { version: true, fittedAt: true, reviews: true, goldItems: true, model: true } });
  if (!row) return null;
  const model = row.model as unknown as FittedConsensus;
  if (model?.version !== FITTED_CONSENSUS_VERSION) return null;
  return { ...row, model };
}

/** What the campaign and gold pages show of a campaign's calibration. */
export type CalibrationSummary = {
  fittedAt: Date;
  reviews: number;
  goldItems: number;
  temperature: number;
  misleading: number;
  reliability: ReliabilityCurve | null;
};

export async function calibrationSummary(tx: Reader, campaignId: string): Promise<CalibrationSummary | null> {
  const snapshot = await latestSnapshot(tx, campaignId);
  if (!snapshot) return null;
  const { calibration } = snapshot.model;
  return { fittedAt: snapshot.fittedAt, reviews: snapshot.reviews, goldItems: calibration.goldItems, temperature: calibration.temperature, misleading: calibration.misleading, reliability: calibration.reliability };
}

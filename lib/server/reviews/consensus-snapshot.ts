import "server-only";
import { FITTED_CONSENSUS_VERSION, type FittedConsensus, type ReliabilityCurve } from "@/lib/domain/consensus";
import { db } from "@/lib/server/db";
import { snapshotVersion } from "./decision-rows";


export type StoredSnapshot = { version: number; fittedAt: Date; reviews: number; goldItems: number; decisionMargin: number; model: FittedConsensus };

/**
 * Parsed snapshots by campaign. Only a cache: which version is current is read from the database every time, and a
 * model is used only under the version it was stored with, so every process decides with the current snapshot.
 */
const parsed = new Map<string, StoredSnapshot>();
const PARSED_CAMPAIGNS_KEPT = 64;

/**
 * The campaign's latest consensus fit, or null before its first fit (or if stored by another format version). A
 * verdict reads the version, and the model (hundreds of kilobytes of JSON at scale) only when it changed.
 */
export async function latestSnapshot(campaignId: string): Promise<StoredSnapshot | null> {
  const version = snapshotVersion(campaignId);
  if (version === null) return null;
  const cached = parsed.get(campaignId);
  if (cached?.version === version) return cached;
  const row = await db.consensusSnapshot.findUnique({ where: { campaignId }, select: { version: true, fittedAt: true, reviews: true, goldItems: true, decisionMargin: true, model: true } });
  if (!row) return null;
  const model = row.model as unknown as FittedConsensus;
  if (model?.version !== FITTED_CONSENSUS_VERSION) return null;
  const snapshot = { ...row, model };
  parsed.delete(campaignId);
  if (parsed.size >= PARSED_CAMPAIGNS_KEPT) parsed.delete(parsed.keys().next().value!);
  parsed.set(campaignId, snapshot);
  return snapshot;
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

export async function calibrationSummary(campaignId: string): Promise<CalibrationSummary | null> {
  const snapshot = await latestSnapshot(campaignId);
  if (!snapshot) return null;
  const { calibration } = snapshot.model;
  return { fittedAt: snapshot.fittedAt, reviews: snapshot.reviews, goldItems: calibration.goldItems, temperature: calibration.temperature, misleading: calibration.misleading, reliability: calibration.reliability };
}

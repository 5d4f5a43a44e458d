import { db } from "@/lib/server/db";

// Children before parents, so foreign keys never block a delete.
const TABLES = [
  "auditEvent",
  "session",
  "authNonce",
  "rateLimitCounter",
  "purchase",
  "escrowEvent",
  "campaignFunding",
  "bondSettlement",
  "panelSeat",
  "appeal",
  "stakeSlash",
  "reviewerStake",
  "apiKey",
  "payoutBatchEvent",
  "payoutTransaction",
  "payout",
  "payoutBatch",
  "campaignPayoutLedger",
  "workerControl",
  "review",
  "goldItem",
  "datasetVersionSample",
  "sample",
  "datasetVersion",
  "dataset",
  "campaign",
  "roleGrant",
  "contractDeployment",
  "chainCursor",
  "user",
] as const;

export async function resetDb(): Promise<void> {
  for (const table of TABLES) {
    await (db[table] as unknown as { deleteMany: () => Promise<unknown> }).deleteMany();
  }
}

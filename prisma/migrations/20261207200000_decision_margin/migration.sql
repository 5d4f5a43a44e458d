-- The margin decisions taken with a snapshot must clear the threshold by (lib/domain/consensus/decision-margin.ts).
ALTER TABLE "ConsensusSnapshot" ADD COLUMN "decisionMargin" REAL NOT NULL DEFAULT 0;

-- The fitter's drift measure reads a campaign's latest acceptances (lib/server/reviews/decision-drift.ts).
CREATE INDEX "Sample_campaignId_status_decidedAt_idx" ON "Sample"("campaignId", "status", "decidedAt");

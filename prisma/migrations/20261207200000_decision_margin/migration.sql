-- The margin decisions taken with a snapshot must clear the threshold by (lib/domain/consensus/decision-margin.ts).
ALTER TABLE "ConsensusSnapshot" ADD COLUMN "decisionMargin" REAL NOT NULL DEFAULT 0;

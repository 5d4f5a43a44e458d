-- One consensus over labels and acceptability, calibrated on gold: the model choice and the item-bias warm starts go.
DROP TABLE "ConsensusModelChoice";
DROP TABLE "ConsensusWarmStart";

-- CreateTable
CREATE TABLE "ConsensusSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "reviews" INTEGER NOT NULL,
    "goldItems" INTEGER NOT NULL,
    "model" JSONB NOT NULL,
    "fittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsensusSnapshot_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ConsensusSnapshot_campaignId_key" ON "ConsensusSnapshot"("campaignId");

-- Campaigns that exist now were decided under rule 1 (accept/reject and label apart); new ones start under rule 2.
ALTER TABLE "Campaign" ADD COLUMN "consensusRule" INTEGER NOT NULL DEFAULT 2;
UPDATE "Campaign" SET "consensusRule" = 1;

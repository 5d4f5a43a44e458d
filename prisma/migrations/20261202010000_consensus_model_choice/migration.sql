-- CreateTable
CREATE TABLE "ConsensusModelChoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "run" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "reviews" INTEGER NOT NULL,
    "goldItems" INTEGER NOT NULL,
    "goldLogLikelihoodDawidSkene" REAL NOT NULL,
    "goldLogLikelihoodItemBias" REAL NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "chosenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsensusModelChoice_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsensusModelChoice_campaignId_run_key" ON "ConsensusModelChoice"("campaignId", "run");

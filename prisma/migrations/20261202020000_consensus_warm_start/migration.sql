-- CreateTable
CREATE TABLE "ConsensusWarmStart" (
    "campaignId" TEXT NOT NULL,
    "run" TEXT NOT NULL,
    "state" BLOB NOT NULL,
    "savedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("campaignId", "run"),
    CONSTRAINT "ConsensusWarmStart_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

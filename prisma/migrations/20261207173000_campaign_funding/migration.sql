-- On-chain transfers into the reward treasury that raised a campaign's budget (one row per Transfer log).
CREATE TABLE "CampaignFunding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "funderId" TEXT NOT NULL,
    "amountWei" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CampaignFunding_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignFunding_funderId_fkey" FOREIGN KEY ("funderId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "CampaignFunding_txHash_logIndex_key" ON "CampaignFunding"("txHash", "logIndex");
CREATE INDEX "CampaignFunding_campaignId_createdAt_idx" ON "CampaignFunding"("campaignId", "createdAt");

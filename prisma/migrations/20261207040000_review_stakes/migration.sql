-- A campaign may ask its reviewers for a stake in the review escrow, and sets its appeal window and bond (issue 18).
ALTER TABLE "Campaign" ADD COLUMN "reviewStakeWei" TEXT NOT NULL DEFAULT '0';
ALTER TABLE "Campaign" ADD COLUMN "appealWindowDays" INTEGER NOT NULL DEFAULT 7;
ALTER TABLE "Campaign" ADD COLUMN "appealBondWei" TEXT;

-- CreateTable
CREATE TABLE "ReviewerStake" (
    "campaignId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "activeWei" TEXT NOT NULL DEFAULT '0',
    "leavingWei" TEXT NOT NULL DEFAULT '0',
    "unlockAt" DATETIME,
    "slashedWei" TEXT NOT NULL DEFAULT '0',
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("campaignId", "userId"),
    CONSTRAINT "ReviewerStake_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewerStake_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EscrowEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "campaignId" TEXT,
    "userId" TEXT,
    "bondId" TEXT,
    "amountWei" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "EscrowEvent_userId_createdAt_idx" ON "EscrowEvent"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "EscrowEvent_campaignId_kind_idx" ON "EscrowEvent"("campaignId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "EscrowEvent_txHash_logIndex_key" ON "EscrowEvent"("txHash", "logIndex");


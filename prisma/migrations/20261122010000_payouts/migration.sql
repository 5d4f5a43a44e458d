-- CreateTable
CREATE TABLE "PayoutTransaction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "batchId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "nonce" INTEGER NOT NULL,
    "rawTx" TEXT NOT NULL,
    "gasLimit" TEXT NOT NULL,
    "maxFeePerGas" TEXT NOT NULL,
    "maxPriorityFeePerGas" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SIGNED',
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PayoutTransaction_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PayoutBatch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PayoutBatchEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "batchId" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "txHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PayoutBatchEvent_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PayoutBatch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignPayoutLedger" (
    "campaignId" TEXT NOT NULL PRIMARY KEY,
    "fundedWei" TEXT NOT NULL DEFAULT '0',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CampaignPayoutLedger_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkerControl" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "pausedAt" DATETIME,
    "pausedById" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "heartbeatAt" DATETIME,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Payout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "campaignId" TEXT,
    "amountWei" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "round" INTEGER NOT NULL DEFAULT 0,
    "batchId" TEXT,
    "transferIndex" INTEGER,
    "txHash" TEXT,
    "blockNumber" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fundedAt" DATETIME,
    "paidAt" DATETIME,
    CONSTRAINT "Payout_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Payout_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Payout_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PayoutBatch" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Payout" ("amountWei", "batchId", "blockNumber", "createdAt", "id", "key", "paidAt", "reason", "recipientId", "status", "subjectId", "txHash") SELECT "amountWei", "batchId", "blockNumber", "createdAt", "id", "key", "paidAt", "reason", "recipientId", "status", "subjectId", "txHash" FROM "Payout";
DROP TABLE "Payout";
ALTER TABLE "new_Payout" RENAME TO "Payout";
CREATE UNIQUE INDEX "Payout_key_key" ON "Payout"("key");
CREATE INDEX "Payout_status_createdAt_idx" ON "Payout"("status", "createdAt");
CREATE INDEX "Payout_recipientId_status_idx" ON "Payout"("recipientId", "status");
CREATE INDEX "Payout_campaignId_status_createdAt_idx" ON "Payout"("campaignId", "status", "createdAt");
CREATE INDEX "Payout_batchId_idx" ON "Payout"("batchId");
CREATE TABLE "new_PayoutBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "batchKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'RECORDED',
    "chainId" INTEGER NOT NULL,
    "distributor" TEXT NOT NULL,
    "recipients" JSONB NOT NULL,
    "amounts" JSONB NOT NULL,
    "totalWei" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "nonce" INTEGER,
    "txHash" TEXT,
    "maxFeePerGas" TEXT,
    "maxPriorityFeePerGas" TEXT,
    "gasLimit" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "gasUsed" TEXT,
    "blockNumber" INTEGER,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME
);
INSERT INTO "new_PayoutBatch" ("batchKey", "blockNumber", "createdAt", "gasUsed", "id", "nonce", "state", "txHash", "updatedAt") SELECT "batchKey", "blockNumber", "createdAt", "gasUsed", "id", "nonce", "state", "txHash", "updatedAt" FROM "PayoutBatch";
DROP TABLE "PayoutBatch";
ALTER TABLE "new_PayoutBatch" RENAME TO "PayoutBatch";
CREATE UNIQUE INDEX "PayoutBatch_batchKey_key" ON "PayoutBatch"("batchKey");
CREATE INDEX "PayoutBatch_state_createdAt_idx" ON "PayoutBatch"("state", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PayoutTransaction_hash_key" ON "PayoutTransaction"("hash");

-- CreateIndex
CREATE INDEX "PayoutTransaction_batchId_createdAt_idx" ON "PayoutTransaction"("batchId", "createdAt");

-- CreateIndex
CREATE INDEX "PayoutBatchEvent_batchId_createdAt_idx" ON "PayoutBatchEvent"("batchId", "createdAt");


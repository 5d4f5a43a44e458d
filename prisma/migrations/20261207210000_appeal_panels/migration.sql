-- AlterTable
ALTER TABLE "Payout" ADD COLUMN "payableAfter" DATETIME;

-- CreateTable
CREATE TABLE "PanelSeat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appealId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PanelSeat_appealId_fkey" FOREIGN KEY ("appealId") REFERENCES "Appeal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PanelSeat_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BondSettlement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appealId" TEXT NOT NULL,
    "bondKey" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "recipients" JSONB NOT NULL,
    "amounts" JSONB NOT NULL,
    "roles" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "txHash" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settledAt" DATETIME,
    CONSTRAINT "BondSettlement_appealId_fkey" FOREIGN KEY ("appealId") REFERENCES "Appeal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Appeal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sampleId" TEXT NOT NULL,
    "appellantId" TEXT NOT NULL,
    "bondWei" TEXT NOT NULL,
    "bondKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'AWAITING_BOND',
    "bondTxHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" DATETIME,
    "kind" TEXT NOT NULL DEFAULT 'appeal',
    "round" INTEGER NOT NULL DEFAULT 0,
    "appealedStatus" TEXT,
    "decidedAt" DATETIME,
    "outcomeNote" TEXT,
    CONSTRAINT "Appeal_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Appeal_appellantId_fkey" FOREIGN KEY ("appellantId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Appeal" ("appellantId", "bondKey", "bondTxHash", "bondWei", "createdAt", "id", "openedAt", "sampleId", "state") SELECT "appellantId", "bondKey", "bondTxHash", "bondWei", "createdAt", "id", "openedAt", "sampleId", "state" FROM "Appeal";
DROP TABLE "Appeal";
ALTER TABLE "new_Appeal" RENAME TO "Appeal";
CREATE UNIQUE INDEX "Appeal_sampleId_key" ON "Appeal"("sampleId");
CREATE UNIQUE INDEX "Appeal_bondKey_key" ON "Appeal"("bondKey");
CREATE INDEX "Appeal_appellantId_createdAt_idx" ON "Appeal"("appellantId", "createdAt");
CREATE INDEX "Appeal_state_round_idx" ON "Appeal"("state", "round");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PanelSeat_reviewerId_appealId_idx" ON "PanelSeat"("reviewerId", "appealId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelSeat_appealId_reviewerId_key" ON "PanelSeat"("appealId", "reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "BondSettlement_appealId_key" ON "BondSettlement"("appealId");

-- CreateIndex
CREATE UNIQUE INDEX "BondSettlement_bondKey_key" ON "BondSettlement"("bondKey");

-- CreateIndex
CREATE INDEX "BondSettlement_state_createdAt_idx" ON "BondSettlement"("state", "createdAt");


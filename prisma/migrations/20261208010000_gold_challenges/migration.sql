-- AlterTable
ALTER TABLE "Review" ADD COLUMN "goldChallengeId" TEXT;

-- AlterTable
ALTER TABLE "GoldItem" ADD COLUMN "correctedAt" DATETIME;

-- CreateTable
CREATE TABLE "GoldCorrection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "goldItemId" TEXT NOT NULL,
    "appealId" TEXT NOT NULL,
    "fromVerdict" TEXT NOT NULL,
    "fromLabel" TEXT,
    "toVerdict" TEXT NOT NULL,
    "toLabel" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GoldCorrection_goldItemId_fkey" FOREIGN KEY ("goldItemId") REFERENCES "GoldItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GoldCorrection_appealId_fkey" FOREIGN KEY ("appealId") REFERENCES "Appeal" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Appeal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sampleId" TEXT NOT NULL,
    "onceKey" TEXT NOT NULL,
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
-- Every appeal so far is a sample's one appeal or escalation.
INSERT INTO "new_Appeal" ("appealedStatus", "appellantId", "bondKey", "bondTxHash", "bondWei", "createdAt", "decidedAt", "id", "kind", "openedAt", "outcomeNote", "round", "sampleId", "onceKey", "state") SELECT "appealedStatus", "appellantId", "bondKey", "bondTxHash", "bondWei", "createdAt", "decidedAt", "id", "kind", "openedAt", "outcomeNote", "round", "sampleId", 'sample:' || "sampleId", "state" FROM "Appeal";
DROP TABLE "Appeal";
ALTER TABLE "new_Appeal" RENAME TO "Appeal";
CREATE UNIQUE INDEX "Appeal_onceKey_key" ON "Appeal"("onceKey");
CREATE UNIQUE INDEX "Appeal_bondKey_key" ON "Appeal"("bondKey");
CREATE INDEX "Appeal_sampleId_state_idx" ON "Appeal"("sampleId", "state");
CREATE INDEX "Appeal_appellantId_createdAt_idx" ON "Appeal"("appellantId", "createdAt");
CREATE INDEX "Appeal_state_round_idx" ON "Appeal"("state", "round");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "GoldCorrection_appealId_key" ON "GoldCorrection"("appealId");

-- CreateIndex
CREATE INDEX "GoldCorrection_goldItemId_createdAt_idx" ON "GoldCorrection"("goldItemId", "createdAt");


-- Appeals of a sample's decision, backed by a bond in the review escrow (issue 18, docs/trust.md).
-- CreateTable
CREATE TABLE "Appeal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sampleId" TEXT NOT NULL,
    "appellantId" TEXT NOT NULL,
    "bondWei" TEXT NOT NULL,
    "bondKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'AWAITING_BOND',
    "bondTxHash" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" DATETIME,
    CONSTRAINT "Appeal_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Appeal_appellantId_fkey" FOREIGN KEY ("appellantId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Appeal_sampleId_key" ON "Appeal"("sampleId");

-- CreateIndex
CREATE UNIQUE INDEX "Appeal_bondKey_key" ON "Appeal"("bondKey");

-- CreateIndex
CREATE INDEX "Appeal_appellantId_createdAt_idx" ON "Appeal"("appellantId", "createdAt");

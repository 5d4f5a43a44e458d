-- CreateTable
CREATE TABLE "StakeSlash" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "goldAnswers" INTEGER NOT NULL,
    "goldCorrect" INTEGER NOT NULL,
    "goldSeen" INTEGER NOT NULL,
    "reliability" REAL,
    "floor" REAL NOT NULL,
    "reasonKey" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'FOUND',
    "amountWei" TEXT,
    "txHash" TEXT,
    "nonce" INTEGER,
    "rawTx" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "slashedAt" DATETIME,
    CONSTRAINT "StakeSlash_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StakeSlash_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "StakeSlash_key_key" ON "StakeSlash"("key");

-- CreateIndex
CREATE UNIQUE INDEX "StakeSlash_reasonKey_key" ON "StakeSlash"("reasonKey");

-- CreateIndex
CREATE INDEX "StakeSlash_campaignId_state_idx" ON "StakeSlash"("campaignId", "state");

-- CreateIndex
CREATE INDEX "StakeSlash_state_leaseUntil_idx" ON "StakeSlash"("state", "leaseUntil");


-- CreateTable
CREATE TABLE "ReviewAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "sampleId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "slot" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'LEASED',
    "leaseExpiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewAssignment_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewAssignment_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewAssignment_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CampaignReviewer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CampaignReviewer_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignReviewer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsensusDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sampleId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "posterior" REAL NOT NULL,
    "label" TEXT,
    "reviews" INTEGER NOT NULL,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "inputs" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsensusDecision_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "dataType" TEXT NOT NULL,
    "labelSchema" JSONB NOT NULL,
    "rewardWei" TEXT NOT NULL,
    "budgetWei" TEXT NOT NULL,
    "targetSamples" INTEGER NOT NULL,
    "reviewsPerItem" INTEGER NOT NULL DEFAULT 3,
    "maxReviews" INTEGER NOT NULL DEFAULT 5,
    "acceptThreshold" REAL NOT NULL DEFAULT 0.9,
    "licence" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "nearDuplicatePolicy" TEXT NOT NULL DEFAULT 'REFUSE',
    "maxPendingPerContributor" INTEGER NOT NULL DEFAULT 500,
    "textMinLength" INTEGER NOT NULL DEFAULT 1,
    "textMaxLength" INTEGER NOT NULL DEFAULT 5000,
    "goldRate" REAL NOT NULL DEFAULT 0.1,
    "quizSize" INTEGER NOT NULL DEFAULT 5,
    "quizPassMark" REAL NOT NULL DEFAULT 0.8,
    "reliabilityFloor" REAL NOT NULL DEFAULT 0.5,
    "leaseSeconds" INTEGER NOT NULL DEFAULT 300,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("acceptThreshold", "budgetWei", "createdAt", "createdById", "dataType", "description", "id", "labelSchema", "licence", "maxPendingPerContributor", "maxReviews", "nearDuplicatePolicy", "reviewsPerItem", "rewardWei", "slug", "status", "targetSamples", "textMaxLength", "textMinLength", "title", "updatedAt") SELECT "acceptThreshold", "budgetWei", "createdAt", "createdById", "dataType", "description", "id", "labelSchema", "licence", "maxPendingPerContributor", "maxReviews", "nearDuplicatePolicy", "reviewsPerItem", "rewardWei", "slug", "status", "targetSamples", "textMaxLength", "textMinLength", "title", "updatedAt" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE UNIQUE INDEX "Campaign_slug_key" ON "Campaign"("slug");
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");
CREATE TABLE "new_Sample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "contributorId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING_REVIEW',
    "contentHash" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "textContent" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "labels" JSONB NOT NULL,
    "blobKey" TEXT,
    "originalName" TEXT,
    "similarityHash" TEXT,
    "nearDuplicateOfId" TEXT,
    "consensusLabel" TEXT,
    "posterior" REAL,
    "checks" JSONB,
    "decidedAt" DATETIME,
    "requiredReviews" INTEGER NOT NULL DEFAULT 3,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Sample_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Sample_contributorId_fkey" FOREIGN KEY ("contributorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Sample" ("blobKey", "campaignId", "checks", "consensusLabel", "contentHash", "contributorId", "createdAt", "decidedAt", "height", "id", "labels", "mimeType", "nearDuplicateOfId", "originalName", "posterior", "similarityHash", "sizeBytes", "status", "textContent", "width") SELECT "blobKey", "campaignId", "checks", "consensusLabel", "contentHash", "contributorId", "createdAt", "decidedAt", "height", "id", "labels", "mimeType", "nearDuplicateOfId", "originalName", "posterior", "similarityHash", "sizeBytes", "status", "textContent", "width" FROM "Sample";
DROP TABLE "Sample";
ALTER TABLE "new_Sample" RENAME TO "Sample";
CREATE INDEX "Sample_contributorId_createdAt_idx" ON "Sample"("contributorId", "createdAt");
CREATE INDEX "Sample_campaignId_status_idx" ON "Sample"("campaignId", "status");
CREATE UNIQUE INDEX "Sample_campaignId_contentHash_key" ON "Sample"("campaignId", "contentHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReviewAssignment_reviewerId_status_idx" ON "ReviewAssignment"("reviewerId", "status");

-- CreateIndex
CREATE INDEX "ReviewAssignment_status_leaseExpiresAt_idx" ON "ReviewAssignment"("status", "leaseExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewAssignment_sampleId_slot_key" ON "ReviewAssignment"("sampleId", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewAssignment_sampleId_reviewerId_key" ON "ReviewAssignment"("sampleId", "reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignReviewer_campaignId_userId_key" ON "CampaignReviewer"("campaignId", "userId");

-- CreateIndex
CREATE INDEX "ConsensusDecision_sampleId_createdAt_idx" ON "ConsensusDecision"("sampleId", "createdAt");

-- CreateIndex
CREATE INDEX "ConsensusDecision_flagged_idx" ON "ConsensusDecision"("flagged");


-- Samples uploaded before review slots existed need the k of their own campaign, not the column default.
UPDATE "Sample" SET "requiredReviews" = (SELECT "reviewsPerItem" FROM "Campaign" WHERE "Campaign"."id" = "Sample"."campaignId");

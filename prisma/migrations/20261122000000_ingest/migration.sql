-- AlterTable
ALTER TABLE "Sample" ADD COLUMN "blobKey" TEXT;
ALTER TABLE "Sample" ADD COLUMN "nearDuplicateOfId" TEXT;
ALTER TABLE "Sample" ADD COLUMN "originalName" TEXT;
ALTER TABLE "Sample" ADD COLUMN "similarityHash" TEXT;

-- CreateTable
CREATE TABLE "SampleBand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "bandKey" TEXT NOT NULL,
    "sampleId" TEXT NOT NULL,
    CONSTRAINT "SampleBand_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("acceptThreshold", "budgetWei", "createdAt", "createdById", "dataType", "description", "id", "labelSchema", "licence", "maxReviews", "reviewsPerItem", "rewardWei", "slug", "status", "targetSamples", "title", "updatedAt") SELECT "acceptThreshold", "budgetWei", "createdAt", "createdById", "dataType", "description", "id", "labelSchema", "licence", "maxReviews", "reviewsPerItem", "rewardWei", "slug", "status", "targetSamples", "title", "updatedAt" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE UNIQUE INDEX "Campaign_slug_key" ON "Campaign"("slug");
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SampleBand_campaignId_bandKey_idx" ON "SampleBand"("campaignId", "bandKey");

-- CreateIndex
CREATE INDEX "SampleBand_sampleId_idx" ON "SampleBand"("sampleId");


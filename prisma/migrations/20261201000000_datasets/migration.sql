/*
  Warnings:

  - Added the required column `filters` to the `DatasetVersion` table without a default value. This is not possible if the table is not empty.
  - Added the required column `licence` to the `DatasetVersion` table without a default value. This is not possible if the table is not empty.

*/
-- CreateTable
CREATE TABLE "DatasetVersionSample" (
    "versionId" TEXT NOT NULL,
    "sampleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "labelJson" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "contributor" TEXT NOT NULL,

    PRIMARY KEY ("versionId", "sampleId"),
    CONSTRAINT "DatasetVersionSample_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DatasetVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DatasetVersionSample_sampleId_fkey" FOREIGN KEY ("sampleId") REFERENCES "Sample" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChainCursor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "chainId" INTEGER NOT NULL,
    "blockNumber" INTEGER NOT NULL,
    "blockHash" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DatasetVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "datasetId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "onChainId" TEXT,
    "merkleRoot" TEXT,
    "priceWei" TEXT NOT NULL,
    "licence" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "sampleCount" INTEGER NOT NULL DEFAULT 0,
    "stats" JSONB,
    "changelog" JSONB,
    "publishTxHash" TEXT,
    "publishBlock" INTEGER,
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DatasetVersion_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_DatasetVersion" ("createdAt", "datasetId", "id", "merkleRoot", "priceWei", "publishedAt", "sampleCount", "status", "version") SELECT "createdAt", "datasetId", "id", "merkleRoot", "priceWei", "publishedAt", "sampleCount", "status", "version" FROM "DatasetVersion";
DROP TABLE "DatasetVersion";
ALTER TABLE "new_DatasetVersion" RENAME TO "DatasetVersion";
CREATE UNIQUE INDEX "DatasetVersion_onChainId_key" ON "DatasetVersion"("onChainId");
CREATE INDEX "DatasetVersion_status_publishedAt_idx" ON "DatasetVersion"("status", "publishedAt");
CREATE UNIQUE INDEX "DatasetVersion_datasetId_version_key" ON "DatasetVersion"("datasetId", "version");
CREATE TABLE "new_Purchase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "buyerId" TEXT NOT NULL,
    "priceWei" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "blockNumber" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Purchase_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DatasetVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Purchase_buyerId_fkey" FOREIGN KEY ("buyerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Purchase" ("buyerId", "createdAt", "id", "logIndex", "priceWei", "txHash", "versionId") SELECT "buyerId", "createdAt", "id", "logIndex", "priceWei", "txHash", "versionId" FROM "Purchase";
DROP TABLE "Purchase";
ALTER TABLE "new_Purchase" RENAME TO "Purchase";
CREATE INDEX "Purchase_buyerId_versionId_idx" ON "Purchase"("buyerId", "versionId");
CREATE UNIQUE INDEX "Purchase_txHash_logIndex_key" ON "Purchase"("txHash", "logIndex");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DatasetVersionSample_sampleId_idx" ON "DatasetVersionSample"("sampleId");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersionSample_versionId_position_key" ON "DatasetVersionSample"("versionId", "position");

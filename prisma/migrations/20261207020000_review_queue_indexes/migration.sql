-- The consensus fitter counts reviews newer than a campaign's snapshot through this index.
CREATE INDEX "Review_createdAt_idx" ON "Review"("createdAt");

-- The review queue walks a campaign's pending samples oldest first and stops at the first free slot.
DROP INDEX "Sample_campaignId_status_idx";
CREATE INDEX "Sample_campaignId_status_createdAt_idx" ON "Sample"("campaignId", "status", "createdAt");

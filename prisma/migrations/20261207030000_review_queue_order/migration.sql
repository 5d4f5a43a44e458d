-- The review queue's order is (createdAt, id): with id in the index, the first free sample is read in order, without
-- sorting every sample of an upload (they share one createdAt).
DROP INDEX "Sample_campaignId_status_createdAt_idx";
CREATE INDEX "Sample_campaignId_status_createdAt_id_idx" ON "Sample"("campaignId", "status", "createdAt", "id");

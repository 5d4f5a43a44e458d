-- The consensus fitter counts reviews newer than a campaign's snapshot through this index.
CREATE INDEX "Review_createdAt_idx" ON "Review"("createdAt");

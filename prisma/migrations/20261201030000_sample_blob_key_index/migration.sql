-- CreateIndex
CREATE INDEX "Sample_blobKey_idx" ON "Sample"("blobKey");

-- AlterTable
ALTER TABLE "CampaignReviewer" ADD COLUMN "inactiveReason" TEXT;
ALTER TABLE "CampaignReviewer" ADD COLUMN "reliability" REAL;

-- CreateTable
CREATE TABLE "QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sampleIds" JSONB NOT NULL,
    "answers" JSONB,
    "correct" INTEGER,
    "total" INTEGER NOT NULL,
    "passed" BOOLEAN,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" DATETIME,
    CONSTRAINT "QuizAttempt_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (a plain ADD COLUMN: additive, no table rebuild)
ALTER TABLE "Campaign" ADD COLUMN "reviewerFeeWei" TEXT NOT NULL DEFAULT '100000000000000000';

-- CreateIndex
CREATE INDEX "QuizAttempt_campaignId_userId_createdAt_idx" ON "QuizAttempt"("campaignId", "userId", "createdAt");

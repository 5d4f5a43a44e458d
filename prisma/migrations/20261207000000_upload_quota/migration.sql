-- CreateTable
CREATE TABLE "UploadQuota" (
    "userId" TEXT NOT NULL,
    "windowStart" BIGINT NOT NULL,
    "items" INTEGER NOT NULL,

    PRIMARY KEY ("userId", "windowStart")
);

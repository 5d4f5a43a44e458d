-- AlterTable
ALTER TABLE "PanelSeat" ADD COLUMN "releaseReason" TEXT;
ALTER TABLE "PanelSeat" ADD COLUMN "releasedAt" DATETIME;


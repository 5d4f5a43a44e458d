-- A slot taken by a reviewer without a record in the campaign: a sample gives at most one of its slots to such a
-- reviewer (lib/domain/trust/farm-rules.ts).
ALTER TABLE "ReviewAssignment" ADD COLUMN "newcomer" BOOLEAN NOT NULL DEFAULT false;

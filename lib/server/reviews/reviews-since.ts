import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * How many reviews of a campaign were created at or after `since`: what came in after a snapshot. Written so that the
 * range on Review.createdAt drives the query and each recent review's sample is then checked by its primary key, at
 * the cost of what came in since, whatever the campaign's size (Prisma's relation filter lets SQLite walk the
 * campaign's samples instead). Portable SQL: SQLite and PostgreSQL alike.
 */
export async function reviewsSince(tx: Reader, campaignId: string, since: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number | bigint }[]>`
    SELECT COUNT(*) AS "n" FROM "Review" AS r
    WHERE r."createdAt" >= ${since}
      AND EXISTS (SELECT 1 FROM "Sample" AS s WHERE s."id" = r."sampleId" AND s."campaignId" = ${campaignId})`;
  return Number(row?.n ?? 0);
}

import "server-only";
import type { UploadItemResult } from "@/lib/schemas/upload-result";
import { statement } from "@/lib/server/sqlite-direct";

/**
 * An upload's answer may point at the earlier sample an item duplicates only when that sample is the uploader's own:
 * another contributor's sample id would let anyone probe who holds what. Others' samples are dropped from the answer
 * (the refusal still says "this campaign already has…"). One query, and only when some item points anywhere.
 */
export function keepOwnDuplicateLinks(contributorId: string, results: UploadItemResult[]): UploadItemResult[] {
  const pointed = new Set<string>();
  for (const r of results) {
    if (r.status === "refused" && r.duplicateOf) pointed.add(r.duplicateOf);
    if (r.status === "queued" && r.flaggedNearDuplicateOf) pointed.add(r.flaggedNearDuplicateOf);
  }
  if (pointed.size === 0) return results;
  const ids = [...pointed];
  const own = new Set(
    (statement(`SELECT "id" FROM "Sample" WHERE "contributorId" = ? AND "id" IN (${ids.map(() => "?").join(",")})`).all(contributorId, ...ids) as { id: string }[]).map((row) => row.id),
  );
  return results.map((r) => {
    if (r.status === "refused" && r.duplicateOf && !own.has(r.duplicateOf)) {
      const { duplicateOf: _hidden, ...rest } = r;
      return rest;
    }
    if (r.status === "queued" && r.flaggedNearDuplicateOf && !own.has(r.flaggedNearDuplicateOf)) {
      const { flaggedNearDuplicateOf: _hidden, ...rest } = r;
      return rest;
    }
    return r;
  });
}
